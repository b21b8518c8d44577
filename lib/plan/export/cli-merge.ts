// The small python3 program the AWS CLI export writes next to itself and runs before every whole-document
// write. The script cannot trust the documents in the plan: the plan may not have read the account at all
// (plan-only), and anything may have changed since it was built. So at run time it reads the live
// document and merges Lockbridge's part into it with the same rules as lib/plan/merge.ts:
// - a statement is Lockbridge's only when its Sid is one of ours AND it has our exact shape; anything
//   else carrying our Sid stops the script (never turn a Deny into an Allow, never widen a principal);
// - foreign statements and rules are written back as they were, in their order;
// - shared vault statements keep every principal already there (another source's role); unique IDs
//   (AROA…) that AWS shows for deleted roles are dropped with a warning, since S3 and KMS reject them;
// - a replication configuration using another role, a foreign rule with our ID or priority, and legacy
//   V1 rules stop the script (Lockbridge would not apply such a plan either);
// - Object Lock is only enabled when it is not, a configuration without Rule is never sent over a live
//   one, and "keep retention" keeps it; a weaker retention than the live one stops the script unless the
//   plan itself read exactly that live configuration (where the wizard asks for a typed confirmation).
// Usage: merge.py OP SPEC LIVE OUT [ROLE_ARN], or merge.py field FILE A.B (one value of a JSON file). Prints "changed" (OUT holds the document to send) or
// "unchanged"; exits 3 with a message naming the document when the script must stop.
export const MERGE_PROGRAM = String.raw`import fnmatch, json, re, sys, urllib.parse

def stop(doc, message):
    sys.stderr.write("Lockbridge: STOP (%s): %s\n" % (doc, message))
    sys.exit(3)

def load(path):
    with open(path) as f:
        text = f.read().strip()
    if text == "" or text == "null":
        return None
    value = json.loads(text)
    # --query Policy gives the policy as a JSON string; IAM documents may come URL-encoded.
    if isinstance(value, str):
        s = value.strip()
        if s.startswith("%"):
            s = urllib.parse.unquote(s)
        value = json.loads(s) if s else None
    if value is not None and not isinstance(value, dict):
        raise ValueError("expected a JSON object, got %s" % type(value).__name__)
    return value

def canon(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"))

def statements(doc):
    if not isinstance(doc, dict) or doc.get("Statement") is None:
        return []
    s = doc["Statement"]
    return s if isinstance(s, list) else [s]

def as_list(v):
    if v is None:
        return []
    return v if isinstance(v, list) else [v]

def sid_of(st):
    return st.get("Sid") if isinstance(st, dict) and isinstance(st.get("Sid"), str) else None

ROLE_ARN = re.compile(r"^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$")
UNIQUE_ID = re.compile(r"^AROA[A-Z0-9]+$")
TRUST_SERVICE = {"LockbridgeS3Assume": "s3.amazonaws.com", "LockbridgeBatchAssume": "batchoperations.s3.amazonaws.com"}

def check_ours(doc, kind, st):
    """A statement with one of our Sids is ours only in our exact shape; anything else stops."""
    bad = [k for k in ("NotPrincipal", "NotAction", "NotResource") if k in st]
    if st.get("Effect") != "Allow":
        bad.append("Effect %s" % json.dumps(st.get("Effect")))
    principal = st.get("Principal")
    if kind == "resource":
        if "Condition" in st:
            bad.append("a Condition")
        if not (isinstance(principal, dict) and list(principal.keys()) == ["AWS"]):
            bad.append("Principal %s" % json.dumps(principal))
        else:
            for p in as_list(principal["AWS"]):
                if not (isinstance(p, str) and (ROLE_ARN.match(p) or UNIQUE_ID.match(p))):
                    bad.append("principal %s" % json.dumps(p))
    elif kind == "trust":
        # The one Condition Lockbridge writes here: S3 may assume the role only for our source account and bucket.
        cond = st.get("Condition")
        ours = (isinstance(cond, dict) and sorted(cond.keys()) == ["ArnLikeIfExists", "StringEqualsIfExists"]
                and all(isinstance(cond[k], dict) for k in cond)
                and list(cond["ArnLikeIfExists"].keys()) == ["aws:SourceArn"]
                and list(cond["StringEqualsIfExists"].keys()) == ["aws:SourceAccount"]
                and isinstance(cond["ArnLikeIfExists"]["aws:SourceArn"], str)
                and isinstance(cond["StringEqualsIfExists"]["aws:SourceAccount"], str))
        if "Condition" in st and not ours:
            bad.append("a Condition")
        service = TRUST_SERVICE.get(sid_of(st))
        if not (isinstance(principal, dict) and list(principal.keys()) == ["Service"]
                and as_list(principal["Service"]) and all(v == service for v in as_list(principal["Service"]))):
            bad.append("Principal %s" % json.dumps(principal))
    else:
        if "Principal" in st:
            bad.append("a Principal")
        # The one Condition Lockbridge writes in an inline policy: kms:ViaService on its KMS statements.
        cond = st.get("Condition")
        ours = (isinstance(cond, dict) and list(cond.keys()) == ["StringEquals"] and isinstance(cond["StringEquals"], dict)
                and list(cond["StringEquals"].keys()) == ["kms:ViaService"]
                and isinstance(cond["StringEquals"]["kms:ViaService"], str))
        if "Condition" in st and not ours:
            bad.append("a Condition")
    if bad:
        stop(doc, "statement %s uses a Sid Lockbridge owns but is not a statement Lockbridge wrote (%s). "
             "Nothing was changed for it: rename that statement's Sid (or remove it) and run again."
             % (json.dumps(sid_of(st)), ", ".join(bad)))

def merge_owned(doc, kind, live, owned, ours, base=None):
    # A missing document starts from base (the default key policy) or an empty one.
    src = live if isinstance(live, dict) else base
    out, inserted = [], False
    for st in statements(src):
        sid = sid_of(st)
        if sid is not None and sid in owned:
            check_ours(doc, kind, st)
            if not inserted:
                out.extend(ours)
            inserted = True
        else:
            out.append(st)
    if not inserted:
        out.extend(ours)
    if isinstance(src, dict):
        result = dict(src)
        result["Statement"] = out
        return result
    return {"Version": "2012-10-17", "Statement": out}

def glob(pattern, value):
    return fnmatch.fnmatchcase(value.lower(), pattern.lower())

def trusts(doc, service):
    for st in statements(doc):
        if not isinstance(st, dict) or st.get("Effect") != "Allow" or not isinstance(st.get("Principal"), dict):
            continue
        if service in as_list(st["Principal"].get("Service")) and any(glob(a, "sts:AssumeRole") for a in as_list(st.get("Action"))):
            return True
    return False

def op_owned(spec, live, role_arn):
    if spec.get("trustService") and live is not None and trusts(live, spec["trustService"]):
        # Something already lets the service assume the role: the trust policy stays as it is.
        for st in statements(live):
            if sid_of(st) in spec["owned"]:
                check_ours(spec["doc"], spec["kind"], st)
        return live
    return merge_owned(spec["doc"], spec["kind"], live, spec["owned"], spec["ours"])

def principal_list(ps):
    return ps[0] if len(ps) == 1 else ps

def op_consolidated(spec, live, role_arn):
    principal = role_arn or spec["principal"]
    sets = dict((sid, []) for sid in spec["owned"])
    for st in statements(live):
        sid = sid_of(st)
        if sid is None or sid not in sets:
            continue
        check_ours(spec["doc"], "resource", st)
        for p in as_list(st["Principal"]["AWS"]):
            if p == principal:
                continue
            if UNIQUE_ID.match(p):
                sys.stderr.write("Lockbridge: warning (%s): dropped orphaned principal %s from %s (a deleted role; S3 and KMS reject it)\n" % (spec["doc"], p, sid))
                continue
            if p not in sets[sid]:
                sets[sid].append(p)
    sets[spec["sid"]].append(principal)
    ours = []
    for sid in spec["owned"]:
        if sets[sid]:
            st = dict(spec["templates"][sid])
            st["Principal"] = {"AWS": principal_list(sets[sid])}
            ours.append(st)
    return merge_owned(spec["doc"], "resource", live, spec["owned"], ours, spec.get("base"))

def destination_bucket(rule):
    d = rule.get("Destination") if isinstance(rule, dict) else None
    return d.get("Bucket") if isinstance(d, dict) else None

def op_replication(spec, live, role_arn):
    doc, rule = spec["doc"], spec["rule"]
    role = role_arn or spec["roleArn"]
    if isinstance(live, dict) and live.get("Role") and str(live["Role"]).lower() != role.lower():
        stop(doc, "the configuration already uses role %s, and a configuration has exactly one role. "
             "Extend that role instead: re-plan with \"reuse an existing role\" and %s." % (live["Role"], live["Role"]))
    rules, foreign, replaced = [], [], False
    for r in (live or {}).get("Rules") or []:
        if not isinstance(r, dict):
            continue
        if r.get("ID") == rule["ID"] and destination_bucket(r) == destination_bucket(rule) and not replaced:
            # A typed rule ID can be anyone's: under an ID Lockbridge did not derive, only our exact rule is ours.
            if not str(rule["ID"]).lower().startswith("lockbridge") and canon(r) != canon(rule):
                stop(doc, "a rule with ID %s already replicates to %s, and it may not be Lockbridge's (the rules it names "
                     "itself start with lockbridge). Nothing was changed: choose another rule ID and re-plan."
                     % (json.dumps(rule["ID"]), destination_bucket(rule)))
            rules.append(rule)
            replaced = True
        else:
            rules.append(r)
            foreign.append(r)
    if not replaced:
        rules.append(rule)
    used = set(r.get("Priority") for r in foreign if isinstance(r.get("Priority"), int))
    for r in foreign:
        if r.get("ID") == rule["ID"]:
            stop(doc, "rule ID %s is already used by another rule (to %s). Choose another rule ID and re-plan." % (json.dumps(rule["ID"]), destination_bucket(r)))
    if isinstance(rule.get("Priority"), int) and rule["Priority"] in used:
        nxt = rule["Priority"]
        while nxt in used:
            nxt += 1
        stop(doc, "priority %d is already used by another rule. The next free priority is %d: re-plan with it." % (rule["Priority"], nxt))
    v1 = [r for r in foreign if "Filter" not in r]
    if v1:
        stop(doc, "rule(s) %s use the legacy V1 format (Prefix without Filter); S3 does not accept V1 and V2 rules together. Rewrite them with a Filter first." % ", ".join(json.dumps(r.get("ID", "?")) for r in v1))
    result = dict(live) if isinstance(live, dict) else {}
    result["Role"] = role
    result["Rules"] = rules
    return result

def days(retention):
    d = retention.get("DefaultRetention") if isinstance(retention, dict) else None
    if not isinstance(d, dict):
        return None, 0
    return d.get("Mode"), int(d.get("Days") or 0) + 365 * int(d.get("Years") or 0)

def op_objectlock(spec, live, role_arn):
    doc = spec["doc"]
    enabled = isinstance(live, dict) and live.get("ObjectLockEnabled") == "Enabled"
    wanted = spec.get("rule")
    if wanted is None:
        # Keep retention: enable Object Lock only when it is off; never send a configuration without Rule over a live one.
        return live if enabled else {"ObjectLockEnabled": "Enabled"}
    if enabled and live.get("Rule") is not None:
        old_mode, old_days = days(live["Rule"])
        new_mode, new_days = days(wanted)
        weaker = (old_mode == "COMPLIANCE" and new_mode != "COMPLIANCE") or new_days < old_days
        if weaker and canon(live) != canon(spec.get("plannedBefore")):
            stop(doc, "the live default retention (%s, %d day(s)) is stronger than the planned one (%s, %d day(s)). "
                 "Lockbridge never weakens a vault's retention without a typed confirmation: re-plan in Lockbridge with this account connected." % (old_mode, old_days, new_mode, new_days))
    return {"ObjectLockEnabled": "Enabled", "Rule": wanted}

OPS = {"owned": op_owned, "consolidated": op_consolidated, "replication": op_replication, "objectlock": op_objectlock}

def field(path, dotted):
    value = load(path)
    for key in dotted.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    if isinstance(value, str) and not value.lstrip().startswith(("{", "%")):
        print(value)
    elif value is not None:
        print(json.dumps(value if not isinstance(value, str) else load_text(value)))

def load_text(s):
    s = s.strip()
    return json.loads(urllib.parse.unquote(s) if s.startswith("%") else s)

def main():
    if sys.argv[1] == "field":
        field(sys.argv[2], sys.argv[3])
        return
    op, spec_path, live_path, out_path = sys.argv[1:5]
    role_arn = sys.argv[5] if len(sys.argv) > 5 and sys.argv[5] else None
    with open(spec_path) as f:
        spec = json.load(f)
    try:
        live = load(live_path)
    except ValueError as e:
        stop(spec["doc"], "the live document is not JSON (%s); nothing was merged." % e)
    result = OPS[op](spec, live, role_arn)
    with open(out_path, "w") as f:
        json.dump(result, f, indent=2)
    print("unchanged" if live is not None and canon(result) == canon(live) else "changed")

if __name__ == "__main__":
    main()
`;
