"""Fidelity patches for the moto emulator (pinned in requirements.txt).

Every patch is small, states the moto behaviour it corrects, and can be deleted
when upstream fixes it. `PATCHES` lists them; the launcher applies all of them
unless LOCKBRIDGE_EMULATOR_UNPATCHED=1 (the tests use that to prove each patch
matters: the same round trip fails against the unpatched emulator).
"""
from typing import Any, Callable

import xmltodict
from moto.s3.responses import S3Response

_XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/"


def _xml(root: str, body: dict[str, Any]) -> str:
    doc = {root: {"@xmlns": _XMLNS, **{k: v for k, v in body.items() if not k.startswith("@")}}}
    return xmltodict.unparse(doc)


def _drop_layout_text(node: Any) -> Any:
    """With strip_whitespace=False, xmltodict keeps indentation between child elements as
    '#text'; that is layout, not data (leaf values stay plain strings and keep their spaces)."""
    if isinstance(node, list):
        return [_drop_layout_text(n) for n in node]
    if isinstance(node, dict):
        return {k: _drop_layout_text(v) for k, v in node.items() if not (k == "#text" and not v.strip())}
    return node


def patch_get_bucket_replication() -> None:
    """moto 5.2 GetBucketReplication rewrites every rule to Filter {Prefix: ""} and
    DeleteMarkerReplication Disabled, and drops SourceSelectionCriteria. A Get -> merge
    -> Put then silently rewrites foreign rules. moto already stores the configuration
    as parsed from the PUT body, so we serialize that stored document back unchanged.
    Its PUT parser also strips leading/trailing spaces from values (a prefix " a/" became
    "a/"), so we parse without stripping."""
    original = S3Response.get_bucket_replication

    def replication_config_from_xml(self: S3Response, xml: str) -> dict[str, Any]:
        parsed = xmltodict.parse(xml, dict_constructor=dict, strip_whitespace=False)
        return _drop_layout_text(parsed["ReplicationConfiguration"])

    def get_bucket_replication(self: S3Response) -> Any:
        replication = self.backend.get_bucket_replication(self.bucket_name)
        if not replication:
            return original(self)  # raises ReplicationConfigurationNotFoundError
        self.data["Action"] = "GetBucketReplication"
        return 200, {"Content-Type": "application/xml"}, _xml("ReplicationConfiguration", replication)

    S3Response.get_bucket_replication = get_bucket_replication  # type: ignore[method-assign]
    S3Response._replication_config_from_xml = replication_config_from_xml  # type: ignore[method-assign]


def patch_request_payment() -> None:
    """moto 5.2 has no ?requestPayment handler: GET falls through to ListObjects (the SDK
    cannot parse it as GetBucketRequestPayment) and PUT is treated as CreateBucket. We
    store the Payer on the bucket and answer both calls as S3 does."""
    original_get = S3Response._bucket_response_get
    original_put = S3Response._bucket_response_put

    def bucket_get(self: S3Response, bucket_name: str, querystring: dict[str, Any]) -> Any:
        if "requestPayment" in querystring:
            bucket = self.backend.get_bucket(bucket_name)  # raises NoSuchBucket
            payer = getattr(bucket, "lockbridge_payer", "BucketOwner")
            return 200, {"Content-Type": "application/xml"}, _xml("RequestPaymentConfiguration", {"Payer": payer})
        return original_get(self, bucket_name, querystring)

    def bucket_put(self: S3Response, request: Any, bucket_name: str, querystring: dict[str, Any]) -> Any:
        if "requestPayment" in querystring:
            bucket = self.backend.get_bucket(bucket_name)
            parsed = xmltodict.parse(self.body)
            payer = parsed["RequestPaymentConfiguration"]["Payer"]
            if payer not in ("BucketOwner", "Requester"):
                from moto.s3.exceptions import MalformedXML
                raise MalformedXML()
            bucket.lockbridge_payer = payer
            return 200, {}, ""
        return original_put(self, request, bucket_name, querystring)

    S3Response._bucket_response_get = bucket_get  # type: ignore[method-assign]
    S3Response._bucket_response_put = bucket_put  # type: ignore[method-assign]


def patch_object_lock_on_existing_buckets() -> None:
    """moto 5.2 PutObjectLockConfiguration fails with InvalidBucket "Bucket needs to be
    empty" once the bucket holds an object. Since Nov 2023 S3 enables Object Lock on any
    existing bucket with versioning Enabled (the vault usually has objects). Same method
    without the emptiness check."""
    from moto.s3.exceptions import InvalidBucketState
    from moto.s3.models import S3Backend

    def put_object_lock_configuration(self: S3Backend, bucket_name: str, lock_enabled: bool,
                                      mode: Any = None, days: Any = None, years: Any = None) -> None:
        bucket = self.get_bucket(bucket_name)
        if not bucket.is_versioned:
            raise InvalidBucketState("Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration")
        if lock_enabled:
            bucket.object_lock_enabled = True
            bucket.versioning_status = "Enabled"
        bucket.default_lock_mode, bucket.default_lock_days, bucket.default_lock_years = mode, days, years

    S3Backend.put_object_lock_configuration = put_object_lock_configuration  # type: ignore[method-assign]


def patch_object_lock_retention_period() -> None:
    """moto 5.2 GetObjectLockConfiguration answers DefaultRetention with both Days and
    Years, the unused one as 0 (S3 returns only the one that was set; Days and Years are
    mutually exclusive). A plan would see drift that is not there. Unset periods read as
    None, which the serializer omits; the stored values (used for retain-until) are untouched."""
    from moto.s3.models import S3Backend

    original = S3Backend.get_object_lock_configuration

    def get_object_lock_configuration(self: S3Backend, bucket_name: str) -> Any:
        enabled, mode, days, years = original(self, bucket_name)
        return enabled, mode, days or None, years or None

    S3Backend.get_object_lock_configuration = get_object_lock_configuration  # type: ignore[method-assign]


def patch_aws_managed_kms_keys() -> None:
    """moto 5.2 creates the AWS-managed keys (alias/aws/s3, ...) on first use but reports
    KeyManager CUSTOMER, so "refuse AWS-managed keys" could not be exercised. Mark them AWS."""
    from moto.kms.models import KmsBackend

    original = KmsBackend._generate_default_keys

    def generate_default_keys(self: KmsBackend, alias_name: str) -> Any:
        key_id = original(self, alias_name)
        if key_id:
            self.keys[key_id].key_manager = "AWS"
        return key_id

    KmsBackend._generate_default_keys = generate_default_keys  # type: ignore[method-assign]


PATCHES: list[Callable[[], None]] = [
    patch_get_bucket_replication,
    patch_request_payment,
    patch_object_lock_on_existing_buckets,
    patch_object_lock_retention_period,
    patch_aws_managed_kms_keys,
]


def apply_all() -> list[str]:
    for patch in PATCHES:
        patch()
    return [p.__name__ for p in PATCHES]
