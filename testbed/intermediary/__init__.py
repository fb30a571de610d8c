"""The OSCI intermediary of the testbed (``python -m testbed intermediary``).

:mod:`osci.supplier` does the protocol (transport decryption, dispatch, dialog, signature,
response signing and encryption); this package adds what an OSCI-Manager keeps: issued message
ids, stored deliveries with their Laufzettel, certificate inspections from the test PKI, chunked
transfers, retention, an HTTP front end and fault injection. Decision record 0203.
"""
