"""The local EGVP infrastructure for the demo and the tests: an OSCI intermediary (supplier role),
the directory service, the validation service with its OCSP responder, and a test PKI.
Loopback only. Built on ``osci``; never imported by ``client``.
"""
