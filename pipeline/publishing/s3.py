"""S3 storage (AWS, Cloudflare R2, MinIO, Backblaze B2) through boto3.

Credentials come only from the AWS chain (environment, profile, instance role), never
from show.toml, and never appear in a message. Uploads use `upload_file` (multipart
above 8 MB) with botocore's standard retry mode (backoff on throttling, 5xx, timeouts
and dropped connections). An object already there with the same SHA-256 (kept in its
metadata) is not sent again. Every failure becomes a PublishError naming the key.
"""

from __future__ import annotations

import hashlib
import re
import threading
from pathlib import Path

from ..cache import sha256_file
from ..show.config import PublishSettings
from ..errors import PublishError
from .objects import cache_control, check_key, content_type

MULTIPART_THRESHOLD = 8 * 1024 * 1024


def _failures() -> tuple[type[Exception], ...]:
    """What S3 and the network can do to a request (botocore's errors after its retries,
    boto3's transfer errors, the socket's); a TypeError or the like is a bug and propagates."""
    from boto3.exceptions import Boto3Error
    from botocore.exceptions import BotoCoreError, ClientError
    return BotoCoreError, ClientError, Boto3Error, OSError


def _error_code(exc: Exception) -> str:
    """The S3 error code, also from inside boto3's S3UploadFailedError wrapper."""
    from botocore.exceptions import ClientError
    for candidate in (exc, exc.__cause__, exc.__context__):
        if isinstance(candidate, ClientError):
            return candidate.response.get("Error", {}).get("Code", "")
    match = re.search(r"An error occurred \((\w+)\)", str(exc))
    return match.group(1) if match else ""


def _explain(exc: Exception, what: str) -> PublishError:
    from botocore.exceptions import (ClientError, EndpointConnectionError, NoCredentialsError,
                                     PartialCredentialsError, ProfileNotFound)
    if isinstance(exc, (NoCredentialsError, PartialCredentialsError)):
        return PublishError(f"{what}: no S3 credentials found; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
                            "or an AWS profile (`publish.profile` in show.toml names one). Nothing was changed.")
    if isinstance(exc, ProfileNotFound):
        return PublishError(f"{what}: the AWS profile in show.toml `publish.profile` does not exist")
    if isinstance(exc, EndpointConnectionError):
        return PublishError(f"{what}: cannot reach the S3 endpoint ({exc.kwargs.get('endpoint_url', '')}); "
                            "check `publish.endpoint_url` and the network. The feed was not changed.")
    code = _error_code(exc)
    if code == "NoSuchBucket" or (code == "404" and isinstance(exc, ClientError) and "bucket" in str(exc).lower()):
        return PublishError(f"{what}: the bucket does not exist; create it or fix `publish.storage`. "
                            "The feed was not changed.")
    if code in ("AccessDenied", "403", "InvalidAccessKeyId", "SignatureDoesNotMatch"):
        return PublishError(f"{what}: access denied ({code}); the credentials may not write to this bucket. "
                            "The feed was not changed.")
    if code:
        return PublishError(f"{what}: S3 refused ({code}). The feed was not changed; run publish again")
    return PublishError(f"{what}: S3 failed ({exc.__class__.__name__}). The feed was not changed; run publish again")


class S3Storage:
    """A bucket and prefix; objects are addressed by the same keys as the local folder."""

    def __init__(self, bucket: str, prefix: str, client, base_url: str, acl: str = ""):
        self.bucket, self.prefix, self.client, self.acl = bucket, prefix.strip("/"), client, acl
        self.base_url = base_url.rstrip("/") + "/"

    @classmethod
    def from_settings(cls, settings: PublishSettings) -> "S3Storage":
        import boto3
        from botocore.config import Config
        from botocore.exceptions import BotoCoreError

        location = settings.storage[len("s3://"):]
        bucket, _, prefix = location.partition("/")
        if not bucket:
            raise PublishError("show.toml: `publish.storage` must be s3://bucket or s3://bucket/prefix")
        try:
            session = boto3.session.Session(profile_name=settings.profile or None)
            client = session.client("s3", endpoint_url=settings.endpoint_url or None,
                                    region_name=settings.region or None,
                                    config=Config(retries={"mode": "standard", "max_attempts": settings.retries},
                                                  connect_timeout=10, read_timeout=60))
        except (BotoCoreError, ValueError) as exc:
            raise _explain(exc, settings.storage) from exc
        base = settings.public_base_url or (
            f"{settings.endpoint_url.rstrip('/')}/{bucket}/" if settings.endpoint_url
            else f"https://{bucket}.s3.amazonaws.com/")
        if settings.public_base_url == "" and prefix:
            base += prefix.strip("/") + "/"
        return cls(bucket, prefix, client, base, settings.acl)

    def _key(self, key: str) -> str:
        check_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    def _head(self, key: str) -> dict | None:
        from botocore.exceptions import ClientError
        try:
            return self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise _explain(exc, self.url(key)) from exc
        except _failures() as exc:                  # connection errors after retries
            raise _explain(exc, self.url(key)) from exc

    def _same(self, key: str, size: int, digest: str) -> bool:
        head = self._head(key)
        return bool(head) and head.get("ContentLength") == size and head.get("Metadata", {}).get("sha256") == digest

    def _extra(self, key: str, digest: str) -> dict:
        extra = {"ContentType": content_type(key), "CacheControl": cache_control(key), "Metadata": {"sha256": digest}}
        if self.acl:
            extra["ACL"] = self.acl
        return extra

    def put_file(self, key: str, path: Path, progress=None) -> bool:
        """Upload `path` unless the same bytes are there; `progress` gets the fraction sent
        (boto3 reports each chunk, from its transfer threads)."""
        from boto3.s3.transfer import TransferConfig
        size = path.stat().st_size
        digest = sha256_file(path)
        if self._same(key, size, digest):
            return False
        sent, lock = [0], threading.Lock()

        def count(chunk: int) -> None:
            with lock:
                sent[0] += chunk
                if progress:
                    progress(min(1.0, sent[0] / max(size, 1)))
        try:
            self.client.upload_file(str(path), self.bucket, self._key(key), ExtraArgs=self._extra(key, digest),
                                    Config=TransferConfig(multipart_threshold=MULTIPART_THRESHOLD,
                                                          multipart_chunksize=MULTIPART_THRESHOLD),
                                    Callback=count)
        except _failures() as exc:
            raise _explain(getattr(exc, "last_exception", None) or exc, self.url(key)) from exc
        return True

    def put_bytes(self, key: str, data: bytes) -> bool:
        digest = hashlib.sha256(data).hexdigest()
        if self._same(key, len(data), digest):
            return False
        try:
            self.client.put_object(Bucket=self.bucket, Key=self._key(key), Body=data, **self._extra(key, digest))
        except _failures() as exc:
            raise _explain(exc, self.url(key)) from exc
        return True

    def size(self, key: str) -> int | None:
        head = self._head(key)
        return head["ContentLength"] if head else None

    def read(self, key: str) -> bytes | None:
        from botocore.exceptions import ClientError
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._key(key))["Body"].read()
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise _explain(exc, self.url(key)) from exc
        except _failures() as exc:
            raise _explain(exc, self.url(key)) from exc

    def url(self, key: str) -> str:
        return self.base_url + key

    def describe(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}".rstrip("/")
