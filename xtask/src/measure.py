# `cargo xtask bench --peer` (xtask/src/peer.rs) runs each command through this:
#   python3 -c <this> STDOUT STDERR RSS COMMAND...
# and reads `wall_seconds cpu_seconds max_rss_kib exit_code` from its output, the CPU time (user
# and system) from `wait4`. Python, because it is there wherever Checkov is; `fork` and `wait4`
# rather than `subprocess`, whose children's CPU time came out above their wall time. Python's
# peak memory is no good for a small program: a process forked from Python keeps Python's
# high-water mark (about 9 MiB) across `exec`. So when GNU time is there (`/usr/bin/time`,
# itself about 1 MiB) it runs the command and reports `%M` into the file given as RSS instead of
# `-`; its file starts with "Command exited with non-zero status N" when there is one.
# `ru_maxrss` and `%M` are in KiB on Linux.
import os, sys, time
stdout, stderr, rss, *command = sys.argv[1:]
if rss != '-':
    command = ['/usr/bin/time', '-f', '%M', '-o', rss] + command
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
        os.dup2(os.open(stdout, flags), 1)
        os.dup2(os.open(stderr, flags), 2)
        os.execvp(command[0], command)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
peak = usage.ru_maxrss if rss == '-' else open(rss).read().split()[-1]
print(wall, usage.ru_utime + usage.ru_stime, peak, os.waitstatus_to_exitcode(status))
