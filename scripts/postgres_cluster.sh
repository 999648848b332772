#!/bin/bash
# A private PostgreSQL cluster for the benchmarks (Benchmarks/c/postgres.c), in a directory of its own.
#
#   postgres_cluster.sh start DIR    initdb in DIR (an empty directory), start the server on 127.0.0.1
#                                    at the first free port from 55432, print the environment to use
#                                    (export PGHOST=127.0.0.1 PGPORT=… PGUSER=postgres PGDATABASE=postgres)
#   postgres_cluster.sh stop DIR     stop that server and remove DIR
#   postgres_cluster.sh run CMD…     start one in a new temporary directory, run CMD with that environment,
#                                    then stop it and remove the directory, also when CMD fails or this
#                                    script is interrupted (not when it is SIGKILLed); exits with CMD's status
#
# initdb and postgres refuse to run as root: as root, the cluster belongs to the `postgres` user.
# Durable stays durable: fsync, full_page_writes and synchronous_commit keep their defaults (on);
# the benchmark turns synchronous_commit off per connection for its async mode.
set -euo pipefail

MARKER=.boxoffice-postgres-cluster   # stop removes only a directory that start made into a cluster
FIRST_PORT=55432

die() { echo "postgres_cluster.sh: $*" >&2; exit 1; }

# The server's programs: pg_config's bindir, or the newest /usr/lib/postgresql/*/bin.
bindir() {
    local dir
    dir=$(pg_config --bindir 2>/dev/null || true)
    if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
        dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    fi
    [ -n "$dir" ] && [ -x "$dir/initdb" ] || die "no initdb found (apt-get install postgresql)"
    echo "$dir"
}

# Runs a command as the cluster's owner: `postgres` when we are root, else ourselves. From / so
# that the postgres user need not be able to read the current directory.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        (cd / && runuser -u postgres -- "$@")
    else
        (cd / && "$@")
    fi
}

# Something already answers on 127.0.0.1:$1.
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A quarter of the RAM, between 128 MB and 1 GB: the 1M-ticket database (~0.5 GB) mostly fits.
shared_buffers_mb() {
    local kb
    kb=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo 2>/dev/null || echo 0)
    local mb=$((kb / 4096))
    [ "$mb" -lt 128 ] && mb=128
    [ "$mb" -gt 1024 ] && mb=1024
    echo "$mb"
}

start() {
    local dir=$1 bin port
    [ -d "$dir" ] || die "$dir is not a directory"
    [ -z "$(ls -A "$dir")" ] || die "$dir is not empty"
    dir=$(cd "$dir" && pwd)
    bin=$(bindir)
    touch "$dir/$MARKER"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --no-locale -E UTF8 > "$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    # Only loopback listens, so trust (initdb's --auth) lets only local users in. wal_level=minimal
    # lets the bulk load skip the WAL; checkpoints are spaced so that none falls in a short run.
    cat >> "$dir/data/postgresql.conf" <<EOF

# postgres_cluster.sh
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
max_connections = 100
shared_buffers = $(shared_buffers_mb)MB
fsync = on
full_page_writes = on
synchronous_commit = on
wal_level = minimal
max_wal_senders = 0
max_wal_size = 4GB
checkpoint_timeout = 30min
EOF
    for ((port = FIRST_PORT; port < FIRST_PORT + 100; port++)); do
        port_taken "$port" && continue
        rm -f "$dir/postgres.log"
        if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -o "-p $port" -w -t 60 start > /dev/null; then
            echo "export PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres PGDATABASE=postgres"
            echo "postgres_cluster.sh: PostgreSQL $("$bin/postgres" --version | sed -n "s/.*(PostgreSQL) \([^ ]*\).*/\1/p") on 127.0.0.1:$port in $dir" >&2
            return 0
        fi
        grep -q "could not bind\|Address already in use" "$dir/postgres.log" 2>/dev/null || break
    done
    cat "$dir/postgres.log" >&2 2>/dev/null || true
    die "the server did not start (log above)"
}

stop() {
    local dir=$1 bin
    [ -e "$dir" ] || return 0
    [ -e "$dir/$MARKER" ] || die "$dir was not made by postgres_cluster.sh start; not removing it"
    if [ -e "$dir/data/postmaster.pid" ]; then
        bin=$(bindir)
        as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop > /dev/null \
            || as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop > /dev/null \
            || echo "postgres_cluster.sh: could not stop the server in $dir" >&2
    fi
    rm -rf "$dir"
}

# Globals, not locals: the EXIT trap reads them.
RUN_DIR=
RUN_CHILD=
run() {
    [ $# -gt 0 ] || die "run needs a command"
    command -v "$1" > /dev/null || die "$1: no such command (no cluster started)"
    local env status=0
    RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/boxoffice-postgres.XXXXXX")
    trap 'stop "$RUN_DIR"' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    trap 'exit 129' HUP
    env=$(start "$RUN_DIR") || exit 1
    eval "$env"
    # bash runs a trap only after its foreground child has ended: CMD runs in the background and
    # is waited for, so that an interrupt stops the cluster at once; CMD gets SIGTERM.
    "$@" &
    RUN_CHILD=$!
    trap '[ -n "$RUN_CHILD" ] && kill -TERM "$RUN_CHILD" 2>/dev/null; stop "$RUN_DIR"' EXIT
    wait "$RUN_CHILD" || status=$?
    RUN_CHILD=
    exit "$status"
}

case "${1:-}" in
    start) [ $# -eq 2 ] || die "usage: start DIR"; start "$2" ;;
    stop) [ $# -eq 2 ] || die "usage: stop DIR"; stop "$2" ;;
    run) shift; run "$@" ;;
    *) die "usage: postgres_cluster.sh start DIR | stop DIR | run CMD [ARG…]" ;;
esac
