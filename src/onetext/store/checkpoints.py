"""Signed checkpoints of the audit log: tree size, Merkle root, time, Ed25519 signature.

A checkpoint is what a party keeps to hold the host to the log it saw: any later
log must extend it (a consistency proof from its size), and any event the host
claims was in it must be included (an inclusion proof to its root).

The signing key lives outside the database and outside the repository: the file
named by ``$ONETEXT_RECORD_KEY``, else, for an SQLite database, the file
``<database>.record-key`` beside it, else (PostgreSQL)
``$XDG_CONFIG_HOME/onetext/record-keys/<host>-<port>-<database>.pem``. It is made
on first use (mode 0600). Whoever holds it can sign checkpoints: back it up apart
from the database, and give parties the public key (``onetext audit public-key``).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import make_url

from onetext.errors import InvalidInput

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

__all__ = [
    "CHECKPOINT_KIND",
    "Checkpoint",
    "key_path",
    "load_public_key",
    "public_key_pem",
    "sign_checkpoint",
    "signing_key",
]

CHECKPOINT_KIND = "onetext-checkpoint/1"


def key_path(database_url: str) -> Path:
    """Where the signing key of the log in ``database_url`` lives (see the module doc)."""
    configured = os.environ.get("ONETEXT_RECORD_KEY")
    if configured:
        return Path(configured).expanduser()
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database + ".record-key")
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    name = f"{url.host or 'local'}-{url.port or 5432}-{url.database or 'default'}.pem"
    return base / "onetext" / "record-keys" / name


_SIGNERS: dict[Path, Ed25519PrivateKey] = {}


def signing_key(path: Path) -> Ed25519PrivateKey:
    """The log's key, read once per process; made (0600) when there is none yet."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path = path.resolve()
    if path in _SIGNERS:
        return _SIGNERS[path]
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: use theirs
            pass
        else:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(pem)
    try:
        loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError) as error:
        raise InvalidInput(f"cannot read the record's signing key {path}: {error}") from None
    if not isinstance(loaded, Ed25519PrivateKey):
        raise InvalidInput(f"the record's signing key {path} is not an Ed25519 key")
    _SIGNERS[path] = loaded
    return loaded


def _raw_public(key: Ed25519PrivateKey) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_pem(key: Ed25519PrivateKey) -> str:
    from cryptography.hazmat.primitives import serialization

    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )


def load_public_key(text: str) -> bytes:
    """A public key as a party keeps it: PEM, or a checkpoint file (its ``public_key``)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    stripped = text.strip()
    if stripped.startswith("{"):
        try:
            return base64.b64decode(json.loads(stripped)["public_key"], validate=True)
        except (ValueError, KeyError, TypeError):
            raise InvalidInput("the key file is JSON but holds no public_key") from None
    try:
        key = serialization.load_pem_public_key(stripped.encode())
    except ValueError:
        raise InvalidInput("the key file is neither a PEM public key nor a checkpoint") from None
    if not isinstance(key, Ed25519PublicKey):
        raise InvalidInput("the public key is not an Ed25519 key")
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(public: bytes) -> str:
    return hashlib.sha256(public).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A signed statement: the log named ``origin`` had ``size`` events with ``root``."""

    origin: str
    size: int
    root: str
    timestamp: str
    public_key: str
    signature: str
    kind: str = CHECKPOINT_KIND

    def body(self) -> bytes:
        return (
            f"{self.kind}\n{self.origin}\n{self.size}\n{self.root}\n{self.timestamp}\n"
        ).encode()

    def signed_by(self, public: bytes) -> bool:
        """Does the signature verify under ``public`` (raw Ed25519 bytes)?"""
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

        try:
            if base64.b64decode(self.public_key, validate=True) != public:
                return False
            Ed25519PublicKey.from_public_bytes(public).verify(
                base64.b64decode(self.signature, validate=True), self.body()
            )
        except (InvalidSignature, ValueError):
            return False
        return self.origin == f"onetext:{key_id(public)}"

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    def dumps(self) -> str:
        return json.dumps(self.as_json(), indent=2) + "\n"

    @classmethod
    def from_json(cls, data: Any) -> Checkpoint:
        try:
            if data.get("kind") != CHECKPOINT_KIND:
                raise ValueError
            checkpoint = cls(
                origin=str(data["origin"]),
                size=int(data["size"]),
                root=str(data["root"]),
                timestamp=str(data["timestamp"]),
                public_key=str(data["public_key"]),
                signature=str(data["signature"]),
            )
            bytes.fromhex(checkpoint.root)
            datetime.fromisoformat(checkpoint.timestamp)
        except (AttributeError, KeyError, TypeError, ValueError):
            raise InvalidInput(
                "not an onetext checkpoint (kind, size, root, signature...)"
            ) from None
        if checkpoint.size < 0:
            raise InvalidInput("not an onetext checkpoint: negative size")
        return checkpoint

    @classmethod
    def loads(cls, text: str) -> Checkpoint:
        try:
            return cls.from_json(json.loads(text))
        except ValueError:
            raise InvalidInput("the checkpoint file is not JSON") from None


def sign_checkpoint(key: Ed25519PrivateKey, size: int, root: str, at: datetime) -> Checkpoint:
    public = _raw_public(key)
    unsigned = Checkpoint(
        origin=f"onetext:{key_id(public)}",
        size=size,
        root=root,
        timestamp=at.isoformat(),
        public_key=base64.b64encode(public).decode("ascii"),
        signature="",
    )
    signature = key.sign(unsigned.body())
    return Checkpoint(
        **{**asdict(unsigned), "signature": base64.b64encode(signature).decode("ascii")}
    )
