"""Become the TeX engine in a way that cannot outlive kitbuilder. Run as a script, never imported:

    python -I -S guard.py PARENT_PID CPU_SECONDS MEMORY_BYTES ENGINE [ARGUMENT...]

Before it replaces itself with the engine (exec), this process asks the kernel to kill it when
kitbuilder dies, however kitbuilder dies (Linux's parent-death signal, which exec keeps), gives
up if kitbuilder is already gone, and limits its CPU time and memory: those limits are the
kernel's, so they hold even with nobody left to enforce kitbuilder's own time limit.

It runs single-threaded, in a process of its own; doing this in kitbuilder between fork and
exec (subprocess's preexec_fn) is unsafe while other threads run, and builds run in threads.
Only the standard library, and no site packages (-S): starting it costs about 70 ms per
engine pass on this project's shared machines (Python's start-up and ctypes), against
seconds for the pass itself.
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import sys

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def arm_parent_death_signal() -> None:
    """Ask to be killed when the parent dies (Linux only; elsewhere the CPU limit still holds)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def limit(which: int, soft: int, hard: int) -> None:
    """Lower a resource limit (never above what this process may already use)."""
    _, allowed = resource.getrlimit(which)
    if allowed != resource.RLIM_INFINITY:
        soft, hard = min(soft, allowed), min(hard, allowed)
    resource.setrlimit(which, (soft, hard))


def main(argv: list[str]) -> int:
    parent, cpu_seconds, memory_bytes, *command = argv
    arm_parent_death_signal()
    if os.getppid() != int(parent):
        return 1  # kitbuilder died before the signal was armed: nobody wants this engine
    # At the CPU soft limit the kernel sends SIGXCPU, which ends the engine; SIGKILL a second later.
    limit(resource.RLIMIT_CPU, int(cpu_seconds), int(cpu_seconds) + 1)
    limit(resource.RLIMIT_AS, int(memory_bytes), int(memory_bytes))
    os.execv(command[0], command)
    return 127  # not reached: execv replaces this process or raises


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
