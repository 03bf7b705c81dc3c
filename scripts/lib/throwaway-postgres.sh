# A throwaway PostgreSQL server for the scripts' PostgreSQL runs (sourced, not run): initdb + pg_ctl from
# Debian's postgresql, default settings, trust authentication on 127.0.0.1 only, as user postgres when run
# as root. The caller removes the work directory; it stops the server with stop_throwaway_postgres.
#
#   start_throwaway_postgres WORK_DIR PORT     sets pg_bin; then throwaway_database NAME prints a URL

stop_throwaway_postgres() { :; }

start_throwaway_postgres() {
    local work="$1" port="$2"
    pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
    if [ ! -x "$pg_bin/initdb" ] || [ ! -x "$pg_bin/psql" ]; then
        echo "a PostgreSQL run needs postgresql (apt-get install postgresql)" >&2
        return 2
    fi
    pg_as=""
    if [ "$(id -u)" = 0 ]; then
        chown postgres "$work"
        pg_as="runuser -u postgres --"
    fi
    pg_port="$port"
    pg_work="$work"
    $pg_as "$pg_bin/initdb" -D "$work/pg" -U booking --auth=trust -E UTF8 >/dev/null
    $pg_as "$pg_bin/pg_ctl" -D "$work/pg" -o "-p $port -k $work -c listen_addresses=127.0.0.1" -l "$work/pg.log" \
        -w start >/dev/null
    stop_throwaway_postgres() { $pg_as "$pg_bin/pg_ctl" -D "$pg_work/pg" -m fast -w stop >/dev/null 2>&1 || true; }
}

# Creates database NAME on the throwaway server and prints its URL.
throwaway_database() {
    "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U booking -d postgres -qc "CREATE DATABASE $1"
    echo "postgres://booking@127.0.0.1:$pg_port/$1"
}
