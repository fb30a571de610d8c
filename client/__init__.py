"""The beBPo desktop client.

Sub-packages: ``core`` (use cases: fetch, send, eEB, directory and validation clients),
``egvp`` (EGVP/XJustiz payload, eEB, ERV rules), ``store`` (encrypted mailbox store),
``sandbox`` (quarantine, malware scan, transfer out), ``ui`` (the PySide6 GUI; the only place
that imports Qt) and ``cli`` (headless commands for scripts and administrators).
"""
