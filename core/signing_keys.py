"""A development certificate authority and signing certificate for signed PDFs.

Production uses the organisation's own certificate; this makes a self-contained pair so the
demo and the tests sign out of the box. Pure `cryptography`: no Django needed.
"""

import datetime
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

PKCS12_NAME = "eqia-signing.p12"
CA_NAME = "eqia-ca.pem"
DEVELOPMENT_PASSPHRASE = "eqia-development"


@dataclass(frozen=True)
class DevelopmentKey:
    pkcs12_path: Path
    ca_path: Path
    passphrase: str

    def settings(self) -> dict[str, str]:
        return {
            "EQIA_SIGNING_PKCS12": str(self.pkcs12_path),
            "EQIA_SIGNING_PASSPHRASE": self.passphrase,
            "EQIA_SIGNING_TRUST_ROOTS": str(self.ca_path),
        }


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "GB"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def create_development_key(
    out_dir: Path,
    *,
    common_name: str = "eqia document signing (development)",
    organisation: str = "Example District Council",
    passphrase: str = DEVELOPMENT_PASSPHRASE,
    valid_days: int = 3650,
    valid_from: datetime.datetime | None = None,
) -> DevelopmentKey:
    """Write a development CA certificate (PEM) and a signing key + certificate (PKCS#12),
    valid from ``valid_from`` (by default a few minutes ago: the demo, whose history goes
    back a year, asks for an earlier start) for ``valid_days``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    now = valid_from or datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=5)
    until = now + datetime.timedelta(days=valid_days)

    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = _name(f"{organisation} development CA", organisation)
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(until)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )

    signer_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    signer_cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name, organisation))
        .issuer_name(ca_name)
        .public_key(signer_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(until)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(signer_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )

    pkcs12_path, ca_path = out_dir / PKCS12_NAME, out_dir / CA_NAME
    pkcs12_path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            name=common_name.encode(),
            key=signer_key,
            cert=signer_cert,
            cas=[ca_cert],
            encryption_algorithm=serialization.BestAvailableEncryption(passphrase.encode()),
        )
    )
    pkcs12_path.chmod(0o600)
    ca_path.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    return DevelopmentKey(pkcs12_path=pkcs12_path, ca_path=ca_path, passphrase=passphrase)
