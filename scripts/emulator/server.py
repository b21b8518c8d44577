"""Starts moto's server with Lockbridge's fidelity patches (see patches.py).

Usage: server.py HOST PORT. Refuses to bind anything but a loopback address.
Env: LOCKBRIDGE_EMULATOR_UNPATCHED=1 runs plain moto (tests prove each patch matters);
LOCKBRIDGE_EMULATOR_PARENT_PID=N exits when process N is no longer our parent.
"""
import ipaddress
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def _exit_with_parent(parent: int) -> None:
    """The launcher (lifecycle.mjs) sets LOCKBRIDGE_EMULATOR_PARENT_PID: if it dies without
    stopping us (SIGKILL, crashed test runner), we are re-parented and exit instead of
    lingering on the port."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def main() -> None:
    host, port = sys.argv[1], sys.argv[2]
    if not ipaddress.ip_address(host).is_loopback:
        sys.exit(f"refusing to bind the emulator to non-loopback address {host}")
    parent = os.environ.get("LOCKBRIDGE_EMULATOR_PARENT_PID")
    if parent:
        _exit_with_parent(int(parent))
    if os.environ.get("LOCKBRIDGE_EMULATOR_UNPATCHED") != "1":
        import patches

        applied = patches.apply_all()
        print("lockbridge emulator patches: " + ", ".join(applied), flush=True)
    from moto.server import main as moto_main

    moto_main(["-H", host, "-p", port])


if __name__ == "__main__":
    main()
