"""Fidelity patches for the moto emulator (pinned in requirements.txt).

Every patch is small, states the moto behaviour it corrects, and can be deleted
when upstream fixes it. `PATCHES` lists them; the launcher applies all of them
unless LOCKBRIDGE_EMULATOR_UNPATCHED=1 (the tests use that to prove each patch
matters: the same round trip fails against the unpatched emulator).
"""
import threading
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


def patch_versioning_locked_buckets() -> None:
    """moto 5.2 lets PutBucketVersioning suspend versioning on an Object Lock bucket. S3
    refuses with 409 InvalidBucketState: Object Lock needs every version kept, so its
    versioning can never be suspended (a plan that tried must fail here as it would on AWS).
    Answered here rather than raised: moto's error serializer only knows 400 for this code."""
    original_put = S3Response._bucket_response_put

    def bucket_put(self: S3Response, request: Any, bucket_name: str, querystring: dict[str, Any]) -> Any:
        if "versioning" in querystring and b"Suspended" in (self.body if isinstance(self.body, bytes) else str(self.body).encode()):
            bucket = self.backend.get_bucket(bucket_name)
            if bucket.object_lock_enabled:
                body = xmltodict.unparse({"Error": {
                    "Code": "InvalidBucketState",
                    "Message": "An Object Lock configuration is present on this bucket, so the versioning state cannot be changed.",
                    "BucketName": bucket_name,
                }})
                return 409, {"Content-Type": "application/xml"}, body
        return original_put(self, request, bucket_name, querystring)

    S3Response._bucket_response_put = bucket_put  # type: ignore[method-assign]


def patch_expected_bucket_owner() -> None:
    """moto 5.2 ignores x-amz-expected-bucket-owner. S3 answers 403 AccessDenied when the
    bucket belongs to another account; Lockbridge sends it on every call so that a typo in
    an account ID cannot write into somebody else's bucket of the same name."""
    from moto.s3.exceptions import S3AccessDeniedError
    from moto.s3.models import s3_backends

    def check(self: S3Response, request: Any, full_url: str) -> None:
        expected = request.headers.get("x-amz-expected-bucket-owner")
        if not expected:
            return
        bucket_name = self.parse_bucket_name_from_url(request, full_url)
        owner = s3_backends.bucket_accounts.get(bucket_name) if bucket_name else None
        if owner is not None and owner[1] != expected.strip():
            raise S3AccessDeniedError()

    original_bucket = S3Response._bucket_response
    original_key = S3Response._key_response

    def bucket_response(self: S3Response, request: Any, full_url: str) -> Any:
        check(self, request, full_url)
        return original_bucket(self, request, full_url)

    def key_response(self: S3Response, request: Any, full_url: str) -> Any:
        check(self, request, full_url)
        return original_key(self, request, full_url)

    S3Response._bucket_response = bucket_response  # type: ignore[method-assign]
    S3Response._key_response = key_response  # type: ignore[method-assign]


def _principal_exists(arn: str) -> bool:
    """An AWS principal as S3 and KMS resolve it when a policy is written: an account
    (12 digits or :root) always exists; a role or user ARN must name an existing one."""
    import re

    from moto.iam.models import iam_backends

    if arn == "*" or re.fullmatch(r"\d{12}", arn) or re.fullmatch(r"arn:aws[\w-]*:iam::\d{12}:root", arn):
        return True
    m = re.fullmatch(r"arn:(aws[\w-]*):iam::(\d{12}):(role|user)/(.+)", arn)
    if not m:
        # assumed-role sessions, federated users and anything unusual: not checked
        return not arn.startswith("arn:aws:iam::")
    partition, account, kind = m.group(1), m.group(2), m.group(3)
    backend = iam_backends[account][partition]
    pool = backend.roles.values() if kind == "role" else backend.users.values()
    return any(p.arn == arn for p in pool)


def _invalid_principals(policy: Any) -> bool:
    import json

    try:
        doc = json.loads(policy) if isinstance(policy, (str, bytes)) else policy
    except ValueError:
        return False  # not our concern here: moto's own handling stays
    statements = doc.get("Statement", []) if isinstance(doc, dict) else []
    for st in statements if isinstance(statements, list) else [statements]:
        principal = st.get("Principal") if isinstance(st, dict) else None
        aws = principal.get("AWS") if isinstance(principal, dict) else None
        for arn in aws if isinstance(aws, list) else ([aws] if aws else []):
            if isinstance(arn, str) and not _principal_exists(arn):
                return True
    return False


def patch_policy_principals() -> None:
    """moto 5.2 accepts bucket and key policies naming a role or user that does not exist.
    S3 refuses with 400 MalformedPolicy "Invalid principal in policy" and KMS with
    MalformedPolicyDocumentException (principals are resolved when the policy is written),
    which is also the error Lockbridge must retry right after creating a role."""
    from moto.core.exceptions import JsonRESTError
    from moto.kms.models import KmsBackend
    from moto.s3.exceptions import S3ClientError
    from moto.s3.models import S3Backend

    original_bucket = S3Backend.put_bucket_policy
    original_put_key = KmsBackend.put_key_policy
    original_create_key = KmsBackend.create_key

    def kms_error() -> Exception:
        return JsonRESTError("MalformedPolicyDocumentException", "Policy contains a statement with one or more invalid principals.")

    def put_bucket_policy(self: S3Backend, bucket_name: str, policy: bytes) -> None:
        if _invalid_principals(policy):
            raise S3ClientError("MalformedPolicy", "Invalid principal in policy")
        original_bucket(self, bucket_name, policy)

    def put_key_policy(self: KmsBackend, key_id: str, policy: str) -> None:
        if _invalid_principals(policy):
            raise kms_error()
        original_put_key(self, key_id, policy)

    def create_key(self: KmsBackend, policy: Any, *args: Any, **kwargs: Any) -> Any:
        if policy and _invalid_principals(policy):
            raise kms_error()
        return original_create_key(self, policy, *args, **kwargs)

    S3Backend.put_bucket_policy = put_bucket_policy  # type: ignore[method-assign]
    KmsBackend.put_key_policy = put_key_policy  # type: ignore[method-assign]
    KmsBackend.create_key = create_key  # type: ignore[method-assign]


def patch_kms_default_key_usage() -> None:
    """moto 5.2 CreateKey without KeyUsage stores none (DescribeKey omits it), so the wizard
    refuses the key as not symmetric. KMS defaults KeyUsage to ENCRYPT_DECRYPT."""
    from moto.kms.models import KmsBackend

    original = KmsBackend.create_key

    def create_key(self: KmsBackend, policy: Any, key_usage: Any, *args: Any, **kwargs: Any) -> Any:
        return original(self, policy, key_usage or "ENCRYPT_DECRYPT", *args, **kwargs)

    KmsBackend.create_key = create_key  # type: ignore[method-assign]


_replica_version = threading.local()


def patch_replica_version_ids() -> None:
    """For the sandbox replication engine only (scripts/replicator): S3 gives a replica the
    version ID of its source version, and Verify reads the replica by that ID. moto always
    draws a new one, so the engine's PutObject carries x-lockbridge-sandbox-version-id and we
    use it. The engine's proxy strips that header from every client request."""
    from moto.s3.models import S3Backend

    original_response = S3Response.put_object
    original_backend = S3Backend.put_object

    def put_object_response(self: S3Response) -> Any:
        _replica_version.value = self.headers.get("x-lockbridge-sandbox-version-id")
        try:
            return original_response(self)
        finally:
            _replica_version.value = None

    def put_object(self: S3Backend, *args: Any, **kwargs: Any) -> Any:
        key = original_backend(self, *args, **kwargs)
        forced = getattr(_replica_version, "value", None)
        if forced and key.version_id != "null":
            key._version_id = forced
        return key

    S3Response.put_object = put_object_response  # type: ignore[method-assign]
    S3Backend.put_object = put_object  # type: ignore[method-assign]


PATCHES: list[Callable[[], None]] = [
    patch_get_bucket_replication,
    patch_request_payment,
    patch_object_lock_on_existing_buckets,
    patch_object_lock_retention_period,
    patch_aws_managed_kms_keys,
    patch_versioning_locked_buckets,
    patch_expected_bucket_owner,
    patch_policy_principals,
    patch_kms_default_key_usage,
    patch_replica_version_ids,
]


def apply_all() -> list[str]:
    for patch in PATCHES:
        patch()
    return [p.__name__ for p in PATCHES]
