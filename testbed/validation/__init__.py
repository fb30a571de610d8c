"""The validation service (Validierungsdienst) and the testbed's OCSP responder: SOAP as
described by ``resources/wsdl/validation.wsdl``; revocation by real OCSP over HTTP."""
