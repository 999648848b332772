package boxoffice

/*
#include <stdlib.h>
#include <boxoffice.h>
*/
import "C"

import "unsafe"

// ---------------------------------------------------------------------------------------------
// Organizations
// ---------------------------------------------------------------------------------------------

// CreateOrganization creates an organization; its currency is fixed from then on. Only the
// system creates organizations: actor must be nil (else ErrPermissionDenied).
func (e *Engine) CreateOrganization(d OrganizationDetails, actor *UUID) (Organization, error) {
	return withDetails[Organization](e, "CreateOrganization", d, func(h *C.bo_engine, cd *C.char, out **C.char, perr **C.bo_error) C.bo_status {
		return C.bo_organization_create(h, cd, optUUID(actor), out, perr)
	})
}

// UpdateOrganization replaces an organization's details (admin or above). expectedVersion 0
// means any version; otherwise a changed record gives ErrVersionConflict.
func (e *Engine) UpdateOrganization(id UUID, d OrganizationDetails, expectedVersion uint64, actor *UUID) (Organization, error) {
	return withDetails[Organization](e, "UpdateOrganization", d, func(h *C.bo_engine, cd *C.char, out **C.char, perr **C.bo_error) C.bo_status {
		return C.bo_organization_update(h, cuuid(id), cd, C.uint64_t(expectedVersion), optUUID(actor), out, perr)
	})
}

// Organization looks up an organization by id (ErrNotFound if there is none).
func (e *Engine) Organization(id UUID) (Organization, error) {
	return fetch[Organization](e, "Organization", func(h *C.bo_engine, out **C.char, perr **C.bo_error) C.bo_status {
		return C.bo_organization_get(h, cuuid(id), nil, out, perr)
	})
}

// OrganizationBySlug looks up an organization by slug (ErrNotFound if there is none).
func (e *Engine) OrganizationBySlug(slug string) (Organization, error) {
	const op = "OrganizationBySlug"
	var v Organization
	cs, err := cstring(op, "slug", slug)
	if err != nil {
		return v, err
	}
	defer C.free(unsafe.Pointer(cs))
	err = e.callJSON(op, &v, func(h *C.bo_engine, out **C.char, perr **C.bo_error) C.bo_status {
		return C.bo_organization_get(h, nil, cs, out, perr)
	})
	if err != nil {
		return Organization{}, err
	}
	return v, nil
}

// ---------------------------------------------------------------------------------------------
// Users
// ---------------------------------------------------------------------------------------------

// CreateUser adds a member of staff (admin or above, and not for a role above the actor's).
// pin is the user's PIN (4 to 128 bytes), or "" for none; it is stored only as a salted hash.
func (e *Engine) CreateUser(organizationID UUID, d UserDetails, pin string, actor *UUID) (User, error) {
	const op = "CreateUser"
	var v User
	cd, err := detailsJSON(op, d)
	if err != nil {
		return v, err
	}
	defer C.free(unsafe.Pointer(cd))
	cp, err := optCString(op, "pin", pin)
	if err != nil {
		return v, err
	}
	defer C.free(unsafe.Pointer(cp))
	err = e.callJSON(op, &v, func(h *C.bo_engine, out **C.char, perr **C.bo_error) C.bo_status {
		return C.bo_user_create(h, cuuid(organizationID), cd, cp, optUUID(actor), out, perr)
	})
	if err != nil {
		return User{}, err
	}
	return v, nil
}

// UpdateUser replaces a user's details (admin or above; neither the old nor the new role may be
// above the actor's). Statuses as UpdateOrganization.
func (e *Engine) UpdateUser(id UUID, d UserDetails, expectedVersion uint64, actor *UUID) (User, error) {
	return withDetails[User](e, "UpdateUser", d, func(h *C.bo_engine, cd *C.char, out **C.char, perr **C.bo_error) C.bo_status {
		return C.bo_user_update(h, cuuid(id), cd, C.uint64_t(expectedVersion), optUUID(actor), out, perr)
	})
}

// User looks up a user (ErrNotFound if there is none).
func (e *Engine) User(id UUID) (User, error) {
	return fetch[User](e, "User", func(h *C.bo_engine, out **C.char, perr **C.bo_error) C.bo_status {
		return C.bo_user_get(h, cuuid(id), out, perr)
	})
}

// SetPin sets a user's PIN (4 to 128 bytes; "" is ErrInvalidArgument, use ClearPin): allowed to
// the user themself and to an admin whose role is not below the user's.
func (e *Engine) SetPin(userID UUID, pin string, actor *UUID) error {
	const op = "SetPin"
	cp, err := cstring(op, "pin", pin)
	if err != nil {
		return err
	}
	defer C.free(unsafe.Pointer(cp))
	return e.call(op, func(h *C.bo_engine, perr **C.bo_error) C.bo_status {
		return C.bo_user_set_pin(h, cuuid(userID), cp, optUUID(actor), perr)
	})
}

// ClearPin removes a user's PIN. Permissions as SetPin.
func (e *Engine) ClearPin(userID UUID, actor *UUID) error {
	return e.call("ClearPin", func(h *C.bo_engine, perr **C.bo_error) C.bo_status {
		return C.bo_user_set_pin(h, cuuid(userID), nil, optUUID(actor), perr)
	})
}

// VerifyPin reports whether pin is the active user's PIN. An unknown or inactive user, or one
// without a PIN, gives false and no error. It costs an Argon2id hash (tens of ms, 64 MiB).
func (e *Engine) VerifyPin(userID UUID, pin string) (bool, error) {
	const op = "VerifyPin"
	cp, err := cstring(op, "pin", pin)
	if err != nil {
		return false, err
	}
	defer C.free(unsafe.Pointer(cp))
	var ok C.int32_t
	err = e.call(op, func(h *C.bo_engine, perr **C.bo_error) C.bo_status {
		return C.bo_user_verify_pin(h, cuuid(userID), cp, &ok, perr)
	})
	return err == nil && ok != 0, err
}

// ---------------------------------------------------------------------------------------------
// Customers
// ---------------------------------------------------------------------------------------------

// CreateCustomer adds a customer (support or above).
func (e *Engine) CreateCustomer(organizationID UUID, d CustomerDetails, actor *UUID) (Customer, error) {
	return withDetails[Customer](e, "CreateCustomer", d, func(h *C.bo_engine, cd *C.char, out **C.char, perr **C.bo_error) C.bo_status {
		return C.bo_customer_create(h, cuuid(organizationID), cd, optUUID(actor), out, perr)
	})
}

// UpdateCustomer replaces a customer's details (support or above).
func (e *Engine) UpdateCustomer(id UUID, d CustomerDetails, expectedVersion uint64, actor *UUID) (Customer, error) {
	return withDetails[Customer](e, "UpdateCustomer", d, func(h *C.bo_engine, cd *C.char, out **C.char, perr **C.bo_error) C.bo_status {
		return C.bo_customer_update(h, cuuid(id), cd, C.uint64_t(expectedVersion), optUUID(actor), out, perr)
	})
}

// Customer looks up a customer (ErrNotFound if there is none).
func (e *Engine) Customer(id UUID) (Customer, error) {
	return fetch[Customer](e, "Customer", func(h *C.bo_engine, out **C.char, perr **C.bo_error) C.bo_status {
		return C.bo_customer_get(h, cuuid(id), out, perr)
	})
}
