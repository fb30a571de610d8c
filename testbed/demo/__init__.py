"""``python -m testbed up`` / ``down``: the whole local EGVP world with a ready demo mailbox.

:mod:`testbed.demo.payload` writes the EGVP payload of the demo deliveries (courts write it the
way EGVP does; the testbed never imports ``client``), :mod:`testbed.demo.deposit` sends them with
the real OSCI send path, :mod:`testbed.demo.workdirs` prepares the client's working directories,
:mod:`testbed.demo.services` starts and stops the three services. Decision record 0204.
"""
