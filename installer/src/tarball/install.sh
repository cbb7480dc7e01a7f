#!/bin/sh
# install.sh: installs broker-tuner from this tarball on hosts without dpkg, with the layout, user and systemd units
# of the Debian packages. Idempotent: run it again to upgrade or repair; an edited config is kept (the new default is
# written beside it as FILE.new). Uninstall with the same options plus --uninstall (or --purge), or run the copy
# installed as PREFIX/share/broker-tuner/install.sh.
set -eu

usage() {
    cat <<'EOF'
Usage: install.sh [OPTIONS]
  --prefix DIR        programs under DIR/share/broker-tuner, launchers in DIR/bin (default /usr/local)
  --sysconfdir DIR    config in DIR/broker-tuner, service environment in DIR/default (default /etc)
  --unitdir DIR       systemd units (default /etc/systemd/system)
  --components LIST   agent, collector or agent,collector (default agent)
  --java FILE         the Java 17+ binary the services run (default: java on the PATH)
  --no-start          enable the units but do not start or restart them
  --uninstall         remove programs and units; keep config, state and the broker-tuner user
  --purge             --uninstall, then remove config, state and the broker-tuner user and group
  -h, --help          this text
Must run as root: it creates the broker-tuner system user and installs systemd units.
EOF
}

die() { echo "install.sh: $*" >&2; exit 1; }
say() { echo "install.sh: $*"; }

BT_USER=broker-tuner
here=$(cd "$(dirname "$0")" && pwd)
prefix=; sysconfdir=; unitdir=; components=; java=; start=yes; action=install

# The copy installed under PREFIX/share/broker-tuner remembers how it was installed.
if [ -f "$here/install.conf" ]; then
    # shellcheck disable=SC1091
    . "$here/install.conf"
    prefix=${BT_PREFIX:-}; sysconfdir=${BT_SYSCONFDIR:-}; unitdir=${BT_UNITDIR:-}; components=${BT_COMPONENTS:-}
fi

while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) [ $# -ge 2 ] || die "--prefix needs a directory"; prefix=$2; shift ;;
        --prefix=*) prefix=${1#*=} ;;
        --sysconfdir) [ $# -ge 2 ] || die "--sysconfdir needs a directory"; sysconfdir=$2; shift ;;
        --sysconfdir=*) sysconfdir=${1#*=} ;;
        --unitdir) [ $# -ge 2 ] || die "--unitdir needs a directory"; unitdir=$2; shift ;;
        --unitdir=*) unitdir=${1#*=} ;;
        --components) [ $# -ge 2 ] || die "--components needs a list"; components=$2; shift ;;
        --components=*) components=${1#*=} ;;
        --java) [ $# -ge 2 ] || die "--java needs a file"; java=$2; shift ;;
        --java=*) java=${1#*=} ;;
        --no-start) start=no ;;
        --uninstall) action=uninstall ;;
        --purge) action=purge ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown option: $1" ;;
    esac
    shift
done
prefix=${prefix:-/usr/local}
sysconfdir=${sysconfdir:-/etc}
unitdir=${unitdir:-/etc/systemd/system}
components=${components:-agent}
for d in "$prefix" "$sysconfdir" "$unitdir"; do
    case "$d" in /*) ;; *) die "directories must be absolute: $d" ;; esac
done
agent=no; collector=no
for c in $(echo "$components" | tr ',' ' '); do
    case "$c" in
        agent) agent=yes ;;
        collector) collector=yes ;;
        *) die "unknown component '$c' (agent, collector)" ;;
    esac
done

if [ "$(id -u)" != 0 ]; then
    echo "install.sh: must be run as root: it creates the $BT_USER system user and installs systemd units." >&2
    echo "install.sh: run it again with sudo, e.g.  sudo $0 $*" >&2
    exit 77
fi

share=$prefix/share/broker-tuner
conf=$sysconfdir/broker-tuner
systemd_up=no
[ -d /run/systemd/system ] && systemd_up=yes

units() {
    [ "$agent" = yes ] && echo broker-tuner-agent.service
    [ "$collector" = yes ] && echo broker-tuner-collector.service
    return 0
}

# ---------------------------------------------------------------- uninstall / purge
if [ "$action" != install ]; then
    for u in $(units); do
        if [ "$systemd_up" = yes ]; then
            systemctl disable --now "$u" >/dev/null 2>&1 || true
        fi
        rm -f "$unitdir/multi-user.target.wants/$u" "$unitdir/$u"
        # drop-ins are the operator's (like /etc for dpkg): only a purge takes them
        if [ "$action" = purge ]; then
            rm -rf "${unitdir:?}/$u.d"
        fi
    done
    rmdir "$unitdir/multi-user.target.wants" 2>/dev/null || true
    if [ "$systemd_up" = yes ]; then
        systemctl daemon-reload || true
    fi
    if [ "$agent" = yes ]; then
        rm -rf "${share:?}/lib"
        rm -f "$prefix/bin/broker-tuner" "$prefix/share/man/man1/broker-tuner.1"
        rm -rf /var/cache/broker-tuner
        if [ "$action" = purge ]; then
            rm -f "$conf/agent.yaml" "$conf/agent.yaml.new" "$sysconfdir/default/broker-tuner-agent" \
                "$sysconfdir/default/broker-tuner-agent.new"
            rm -rf /var/lib/broker-tuner
        fi
    fi
    if [ "$collector" = yes ]; then
        rm -rf "$share/collector"
        rm -f "$prefix/bin/broker-tuner-collector" "$prefix/share/man/man1/broker-tuner-collector.1"
        rm -rf /var/cache/broker-tuner-collector
        if [ "$action" = purge ]; then
            rm -f "$conf/collector.yaml" "$conf/collector.yaml.new" "$conf/collector-tokens" \
                "$sysconfdir/default/broker-tuner-collector" "$sysconfdir/default/broker-tuner-collector.new"
            rm -rf /var/lib/broker-tuner-collector
        fi
    fi
    # the shared parts go with the last component
    if [ ! -d "$share/lib" ] && [ ! -d "$share/collector" ]; then
        rm -rf "$share"
    fi
    if [ "$action" = purge ]; then
        rmdir "$conf" 2>/dev/null || true
        if [ ! -d "$share" ] && id "$BT_USER" >/dev/null 2>&1; then
            userdel "$BT_USER" 2>/dev/null || deluser "$BT_USER" 2>/dev/null || true
            if grep -q "^$BT_USER:" /etc/group; then
                groupdel "$BT_USER" 2>/dev/null || delgroup "$BT_USER" 2>/dev/null || true
            fi
            say "removed user $BT_USER"
        fi
    fi
    say "$action of $components done"
    exit 0
fi

# ---------------------------------------------------------------- install
[ -d "$here/lib/agent" ] || die "run install.sh from the unpacked broker-tuner tarball (no lib/ beside it)"
if [ -z "$java" ]; then
    java=$(command -v java 2>/dev/null) || die "no java on the PATH; install a Java 17 runtime or pass --java FILE"
fi
[ -x "$java" ] || die "--java $java is not executable"
jv=$("$java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
if [ -z "$jv" ] || [ "$jv" -lt 17 ]; then
    die "$java is Java ${jv:-unknown}; broker-tuner needs Java 17 or later (pass --java FILE)"
fi

# the user and group, like the packages' postinst
if ! id "$BT_USER" >/dev/null 2>&1; then
    nologin=$(command -v nologin 2>/dev/null || echo /sbin/nologin)
    for n in /usr/sbin/nologin /sbin/nologin; do [ -x "$n" ] && nologin=$n && break; done
    if command -v useradd >/dev/null 2>&1; then
        useradd --system --user-group --home-dir /var/lib/broker-tuner --no-create-home --shell "$nologin" \
            --comment broker-tuner "$BT_USER"
    else
        addgroup -S "$BT_USER" && adduser -S -D -H -h /var/lib/broker-tuner -s "$nologin" -G "$BT_USER" "$BT_USER"
    fi
    say "created system user $BT_USER"
fi

# copy SRC DEST MODE: install a file, replacing what is there
copy() {
    mkdir -p "$(dirname "$2")"
    cp "$1" "$2.tmp.$$"
    chmod "$3" "$2.tmp.$$"
    mv -f "$2.tmp.$$" "$2"
}

# config SRC DEST: a config file is written once; later installs keep the local one and put the new default beside it
config() {
    mkdir -p "$(dirname "$2")"
    if [ ! -e "$2" ]; then
        copy "$1" "$2" 0644
    elif ! cmp -s "$1" "$2"; then
        copy "$1" "$2.new" 0644
        say "kept your $2; the new default is $2.new"
    else
        rm -f "$2.new"
    fi
}

# jars SRCDIR DESTDIR: the exact set of this version (an upgrade removes the old jars)
jars() {
    rm -rf "$2.tmp.$$"
    mkdir -p "$2.tmp.$$"
    cp "$1"/*.jar "$1"/*.classlist "$2.tmp.$$"/ 2>/dev/null || true
    chmod 0644 "$2.tmp.$$"/*.jar "$2.tmp.$$"/*.classlist 2>/dev/null || true
    rm -rf "$2"
    mv "$2.tmp.$$" "$2"
}

# unit NAME LIBDIR: the packaged unit with this install's paths
unit() {
    mkdir -p "$unitdir"
    sed -e "s#^ExecStart=/usr/bin/java #ExecStart=$java #" \
        -e "s#/usr/share/broker-tuner/#$share/#g" \
        -e "s#/etc/broker-tuner/#$conf/#g" \
        -e "s#/etc/default/#$sysconfdir/default/#g" \
        "$here/systemd/$1" > "$unitdir/$1.tmp.$$"
    chmod 0644 "$unitdir/$1.tmp.$$"
    mv -f "$unitdir/$1.tmp.$$" "$unitdir/$1"
}

mkdir -p "$share" "$conf" "$prefix/bin"
chmod 0755 "$share" "$conf"
if [ "$agent" = yes ]; then
    jars "$here/lib/agent" "$share/lib"
    sed -e "s#/usr/share/broker-tuner/lib#$share/lib#g" "$here/bin/broker-tuner" > "$prefix/bin/broker-tuner.tmp.$$"
    chmod 0755 "$prefix/bin/broker-tuner.tmp.$$"
    mv -f "$prefix/bin/broker-tuner.tmp.$$" "$prefix/bin/broker-tuner"
    copy "$here/man/broker-tuner.1" "$prefix/share/man/man1/broker-tuner.1" 0644
    config "$here/etc/agent.yaml" "$conf/agent.yaml"
    config "$here/default/broker-tuner-agent" "$sysconfdir/default/broker-tuner-agent"
    unit broker-tuner-agent.service
    # the class data sharing archive, dumped by the unit's JDK into a root-owned cache (docs/security.md)
    mkdir -p /var/cache/broker-tuner
    chown root:root /var/cache/broker-tuner
    chmod 0755 /var/cache/broker-tuner
    BROKER_TUNER_CDS=dump JAVA_HOME=$(dirname "$(dirname "$java")") "$prefix/bin/broker-tuner" \
        || say "could not dump the class data sharing archive: the agent starts without it (slower)"
    mkdir -p /var/lib/broker-tuner
    chown "$BT_USER:$BT_USER" /var/lib/broker-tuner
    chmod 0750 /var/lib/broker-tuner
    # the broker's group: to read log.dirs, server.properties and the JMX password file
    groups=${BROKER_TUNER_BROKER_GROUPS:-}
    if [ -z "$groups" ]; then
        for d in /proc/[0-9]*; do
            if tr '\0' ' ' < "$d/cmdline" 2>/dev/null | grep -qE 'kafka\.Kafka |SupportedKafka '; then
                groups="$groups $(stat -c %G "$d" 2>/dev/null || true)"
            fi
        done
        for g in kafka confluent; do grep -q "^$g:" /etc/group && groups="$groups $g"; done
    fi
    for g in $groups; do
        case "$g" in root|UNKNOWN|"$BT_USER") continue ;; esac
        grep -q "^$g:" /etc/group || continue
        if ! id -Gn "$BT_USER" | tr ' ' '\n' | grep -qx "$g"; then
            usermod -a -G "$g" "$BT_USER" 2>/dev/null || adduser "$BT_USER" "$g"
            say "added user $BT_USER to the broker's group $g"
        fi
    done
fi
if [ "$collector" = yes ]; then
    jars "$here/lib/collector" "$share/collector/lib"
    sed -e "s#/usr/share/broker-tuner/collector/lib#$share/collector/lib#g" "$here/bin/broker-tuner-collector" \
        > "$prefix/bin/broker-tuner-collector.tmp.$$"
    chmod 0755 "$prefix/bin/broker-tuner-collector.tmp.$$"
    mv -f "$prefix/bin/broker-tuner-collector.tmp.$$" "$prefix/bin/broker-tuner-collector"
    copy "$here/man/broker-tuner-collector.1" "$prefix/share/man/man1/broker-tuner-collector.1" 0644
    config "$here/etc/collector.yaml" "$conf/collector.yaml"
    config "$here/default/broker-tuner-collector" "$sysconfdir/default/broker-tuner-collector"
    unit broker-tuner-collector.service
    # the class data sharing archive, dumped by the unit's JDK into a root-owned cache (docs/security.md)
    mkdir -p /var/cache/broker-tuner-collector
    chown root:root /var/cache/broker-tuner-collector
    chmod 0755 /var/cache/broker-tuner-collector
    BROKER_TUNER_COLLECTOR_CDS=dump JAVA_HOME=$(dirname "$(dirname "$java")") "$prefix/bin/broker-tuner-collector" \
        || say "could not dump the collector's class data sharing archive: it starts without it (slower)"
    mkdir -p /var/lib/broker-tuner-collector
    chown "$BT_USER:$BT_USER" /var/lib/broker-tuner-collector
    chmod 0750 /var/lib/broker-tuner-collector
    # the agents' bearer tokens: created once with one random token so the service starts; never overwritten
    tokens=$conf/collector-tokens
    if [ ! -e "$tokens" ]; then
        (umask 027 && echo "default $(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')" > "$tokens")
        chown root:"$BT_USER" "$tokens"
        chmod 0640 "$tokens"
        say "created $tokens with one token named default; give it to the agents"
    fi
fi
copy "$here/systemd/read-broker-maps.conf" "$share/read-broker-maps.conf" 0644
copy "$here/install.sh" "$share/install.sh" 0755
# what the installed copy of this script needs to uninstall (components grow with each install)
old=$(sed -n 's/^BT_COMPONENTS=//p' "$share/install.conf" 2>/dev/null || true)
all=$(echo "$old,$components" | tr ',' '\n' | sed '/^$/d' | sort -u | paste -sd, -)
cat > "$share/install.conf" <<EOF
BT_PREFIX=$prefix
BT_SYSCONFDIR=$sysconfdir
BT_UNITDIR=$unitdir
BT_COMPONENTS=$all
EOF

# enable (and start or restart) the units, like the packages' postinst
for u in $(units); do
    if [ "$systemd_up" = yes ]; then
        systemctl daemon-reload
        systemctl enable "$u" >/dev/null 2>&1 || die "systemctl enable $u failed"
        if [ "$start" = yes ]; then
            systemctl restart "$u" || say "$u did not start: journalctl -u $u"
        fi
    else
        # what systemctl enable records: the wants symlink, picked up at the next boot
        mkdir -p "$unitdir/multi-user.target.wants"
        ln -sfn "$unitdir/$u" "$unitdir/multi-user.target.wants/$u"
    fi
done
[ "$systemd_up" = yes ] || say "systemd is not running here: the units are enabled for the next boot"
say "installed $components $(cat "$here/VERSION" 2>/dev/null || true) under $prefix (config in $conf)"
