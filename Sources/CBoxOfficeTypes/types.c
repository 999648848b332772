/* The C types of the C ABI live in include/boxoffice_types.h; this target has no code. */
#include "boxoffice_types.h"
