"""The directory service (SAFE-style Verzeichnisdienst): SOAP as described by
``resources/wsdl/directory.wsdl``, entries in SQLite, seeded from the test PKI's catalogue."""
