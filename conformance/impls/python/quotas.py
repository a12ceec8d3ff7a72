"""cloudOS time-share accounts for the Python port (feature `quotas`, PROTOCOL.md "Time-share
accounts"): Amoeba capabilities with an HMAC-SHA-256 check field (the standard hmac module),
ledgers that book leases (escrow) to nodes in durable storage, nodes that admit work against the
leases they hold and stop it when a lease runs out on their own clock, before the ledger can
reclaim it on its own, and bandwidth and CPU time paced by a token bucket at the rate of a lease of
bandwidth or CPU share.

The same design as the reference kernel (reference/src/quotas/), written again from the protocol.
`cloudos_node.py` hands this module the quota operations, the packets whose `t` is "quota" and the
timers named "quota/...".
"""
import base64
import hashlib
import hmac
import json
from fractions import Fraction
from urllib.parse import quote, unquote

QUOTA_OPS = ("createAccount", "acquire", "release", "usage", "derive", "revoke", "transmit", "compute")
RESOURCES = ("processes", "memoryBytes", "storageBytes", "bandwidthBytesPerSec", "cpuNsPerSec")
# Resources limited by rate: leased whole and metered by a token bucket, in chunks of this size (a packet, a CPU slice).
CHUNK = {"bandwidthBytesPerSec": 1000, "cpuNsPerSec": 1_000_000}
RIGHTS = ("read", "write", "grant")
# A deployment draws the key at random when the cluster is created; a port must replay from its seed, so it is fixed here.
KEY = b"cloudOS Python port capability key, never shown to tenants"
LEASE_TERM_NS = 100_000_000
DRIFT_ALLOWANCE = 0.002  # twice the hardware model's bound on clock drift (1,000 ppm)
HOLDER_TERM_NS = int(LEASE_TERM_NS * (1 - DRIFT_ALLOWANCE))
RECLAIM_AFTER_NS = int(LEASE_TERM_NS * (1 + DRIFT_ALLOWANCE)) + 1 + 1_000_000
BUCKET_DEPTH_NS = 10_000_000
# The machine of a node told none (PROTOCOL.md, init `machines`): the default `star` hardware's.
DEFAULT_MACHINE = {"hardwareThreads": 8, "memoryBytes": 16 * 2 ** 30, "nicBitsPerSec": 10e9}
# The broken mode the suite must reject: a node admits work while the amount fits in its lease, forgetting what is in use.
BROKEN_MODE = "quota-overadmit"


def canonical(rights):
    return [r for r in RIGHTS if r in rights]


def check_field(port, obj, rights, epoch):
    message = json.dumps([port, obj, canonical(rights), epoch], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(hmac.new(KEY, message, hashlib.sha256).digest()).rstrip(b"=").decode()


def mint(port, obj, rights, epoch):
    return {"port": port, "object": obj, "rights": canonical(rights), "epoch": epoch, "check": check_field(port, obj, rights, epoch)}


def authentic(cap):
    if len(cap["rights"]) != len(canonical(cap["rights"])):
        return False
    return hmac.compare_digest(cap["check"], check_field(cap["port"], cap["object"], cap["rights"], cap["epoch"]))


def permits(cap, obj, epoch, right):
    """None when permitted, else why not (Capabilities.tla's Permits)."""
    if not authentic(cap):
        return "the capability's check field does not match it: forged or tampered with"
    if cap["object"] != obj:
        return f"the capability is for '{cap['object']}', not '{obj}'"
    if cap["epoch"] != epoch:
        return f"the capability's epoch {cap['epoch']} is not the account's {epoch} (revoked)"
    if right not in cap["rights"]:
        return f"the capability lacks the right '{right}'"
    return None


def answer_op(op_id):
    """How an admission ends for operation op_id: answer(step) admits, answer(step, (code, text)) refuses."""
    def answer(step, error=None):
        if error is None:
            step.reply(op_id, {})
        else:
            step.error(op_id, *error)
    return answer


def key_of(account, resource):
    return f"{quote(account, safe='')}/{resource}"


def drf_cpu(cpu, memory, claims):
    """Each (cap, memory held) account's CPU on a node of `cpu` ns/s and `memory` bytes, by DRF (PROTOCOL.md,
    "CPU on a shared node"): the water level of dominant shares max(cpu/C, memory/M) rises, each account taking
    CPU up to the level's worth (at most its cap) once the level reaches its memory share; accounts entering
    at the level where the CPU runs out share what is left max-min. Exact (fractions); the leases if they fit."""
    if sum(cap for cap, _ in claims) <= cpu:
        return [cap for cap, _ in claims]
    held = [Fraction(m, memory) for _, m in claims]

    def given(level, entered):
        return sum(min(cap, level * cpu) for i, (cap, _) in enumerate(claims) if entered(i))

    below = Fraction(0)
    for point in sorted(held + [Fraction(cap, cpu) for cap, _ in claims]):
        before = [held[i] < point for i in range(len(claims))]
        if given(point, lambda i: before[i]) >= cpu:
            # Reached between `below` and `point`: the entered accounts not yet capped rise together.
            capped = [i for i in range(len(claims)) if before[i] and claims[i][0] <= below * cpu]
            rising = sum(1 for i in range(len(claims)) if before[i] and i not in capped)
            level = (cpu - sum(claims[i][0] for i in capped)) / Fraction(rising * cpu)
            return [min(cap, level * cpu) if before[i] else 0 for i, (cap, _) in enumerate(claims)]
        if given(point, lambda i: held[i] <= point) >= cpu:
            entering = sorted((i for i in range(len(claims)) if held[i] == point), key=lambda i: (claims[i][0], i))
            left = cpu - given(point, lambda i: before[i])
            shares = {}
            for k, i in enumerate(entering):
                shares[i] = min(min(claims[i][0], point * cpu), left / (len(entering) - k))
                left -= shares[i]
            return [min(cap, point * cpu) if before[i] else shares.get(i, 0) for i, (cap, _) in enumerate(claims)]
        below = point
    raise AssertionError("the leases exceed the CPU, so some level reaches it")


class Quotas:
    """Both roles of one node: ledger of the accounts created here, holder of leases of any account."""

    def __init__(self, name, inc, params, durable, broken, clock, on_work_stopped=lambda step, account, resource: None, machine=DEFAULT_MACHINE):
        self.name, self.inc, self.params, self.broken, self.clock = name, inc, params, broken, clock
        # The node's machine as its init told it (init.machines): the computes here share its hardware threads.
        self.machine = machine
        # Told when a lease runs out here with work admitted: the node stops the processes charged to it.
        self.on_work_stopped = on_work_stopped
        self.next_spawn = 0
        self.ledgers = {v["account"]: v for k, v in durable.items() if k.startswith("quota:") and v is not None}
        self.leases = {}        # key -> held lease
        self.epochs = {}        # account -> newest epoch heard
        self.metered = {}
        self.cpu_throttled = {}  # account -> the CPU rate DRF gives it here, below its lease's (an oversubscribed node)
        self.calls = {}         # call id -> pending ledger call
        self.revocations = {}   # account -> revocation waiting for holders
        self.revoked = {}       # account -> ([(caller, call id)] it answered, result) of the last completed one
        self.next_seq = 0
        self.next_call = 0

    def boot(self, step):
        for ledger in self.ledgers.values():
            for resource, by_node in ledger["leases"].items():
                for holder, lease in by_node.items():
                    self.arm_reclaim(step, ledger["account"], resource, holder, lease["reclaimAt"])

    def send(self, step, to, body):
        step.send(to, {"t": "quota", "si": self.inc, "body": body})

    def reject(self, step, answer, account, code, text, resource=None, right=None):
        event = {"kind": "Rejected", "account": account, "node": self.name, "code": code}
        if resource:
            event["resource"] = resource
        if right:
            event["right"] = right
        step.event(**event)
        answer(step, (code, text))

    def refusal_here(self, cap, right):
        """Why cap does not grant right on its account by the newest epoch heard of here, or None."""
        known = self.epochs.get(cap["object"], 0)
        return ("the capability's check field does not match it: forged or tampered with" if not authentic(cap)
                else f"the capability was revoked (epoch {cap['epoch']}, the account's {known})" if cap["epoch"] < known
                else None if right in cap["rights"] else f"the capability lacks the right '{right}'")

    def refused_here(self, step, answer, cap, right, resource=None):
        why = self.refusal_here(cap, right)
        if why:
            self.reject(step, answer, cap["object"], "forbidden", why, resource, right)
        return why is not None

    def admit(self, step, admission_id, cap, resource, amount, answer):
        """Admits amount of resource here against the account's lease (asking the ledger when it lacks room); answer is told once."""
        if self.refused_here(step, answer, cap, "write", resource):
            return
        lease = self.lease(cap, resource)
        lease["waiting"].append({"id": admission_id, "amount": amount, "cap": cap, "answer": answer})
        step.timer(f"quota/op/{admission_id}", self.params["callTimeoutNs"])
        self.pump(step, lease)

    def admit_process(self, step, cap, answer):
        """One process of the account a spawn is charged to."""
        self.next_spawn += 1
        self.admit(step, f"spawn-{self.next_spawn}", cap, "processes", 1, answer)

    def release(self, step, lease, amount):
        lease["used"] -= amount
        step.event(kind="Released", account=lease["account"], resource=lease["resource"], node=self.name, amount=amount)
        self.pump(step, lease)
        if lease["resource"] == "memoryBytes":
            self.share_cpu(step)  # memory held weighs in the node's DRF

    def release_process(self, step, account):
        """A charged process of account exited here: its unit returns to the lease."""
        lease = self.leases.get(key_of(account, "processes"))
        if lease is not None:
            self.release(step, lease, 1)

    # ---- operations ---------------------------------------------------------------------------

    def on_op(self, step, op_id, op):
        kind = op["kind"]
        if kind == "createAccount":
            if op["account"] in self.ledgers:
                return step.error(op_id, "bad_request", f"account '{op['account']}' already exists on node {self.name}")
            ledger = {"account": op["account"], "quotas": op["quotas"], "epoch": 0,
                      "leases": {r: {} for r in RESOURCES}, "answered": {r: {} for r in RESOURCES}}
            self.ledgers[op["account"]] = ledger
            self.persist(step, ledger)
            return step.reply(op_id, {"capability": mint(self.name, op["account"], RIGHTS, 0)})
        cap = op["capability"]
        if kind == "acquire":
            return self.admit(step, str(op_id), cap, op["resource"], op["amount"], answer_op(op_id))
        if kind == "release":
            if self.refused_here(step, answer_op(op_id), cap, "write", op["resource"]):
                return
            lease = self.leases.get(key_of(cap["object"], op["resource"]))
            in_use = lease["used"] if lease else 0
            if in_use < op["amount"]:
                return step.error(op_id, "bad_request", f"account '{cap['object']}' has {in_use} {op['resource']} in use on node {self.name}")
            self.release(step, lease, op["amount"])
            return step.reply(op_id, {})
        if kind in ("usage", "derive", "revoke"):
            call = {"kind": kind, "cap": cap, **({"rights": op["rights"]} if kind == "derive" else {})}

            def answered(step, result):
                if result["kind"] == "ok":
                    step.reply(op_id, result["value"])
                else:
                    step.error(op_id, result["code"], result["text"])

            return self.call_ledger(step, call, answered)
        if kind in ("transmit", "compute"):
            resource = "bandwidthBytesPerSec" if kind == "transmit" else "cpuNsPerSec"
            if self.refused_here(step, answer_op(op_id), cap, "write", resource):
                return
            work = self.metered.setdefault(key_of(cap["object"], resource),
                                           {"account": cap["object"], "resource": resource, "cap": cap, "queue": [], "tokens": 0.0, "refilled": self.clock()})
            work["cap"] = cap
            work["queue"].append({"op_id": op_id, "to": op.get("to"), "left": op["bytes"] if kind == "transmit" else op["cpuNs"]})
            return self.pump_metered(step, work)

    # ---- holder -------------------------------------------------------------------------------

    def lease(self, cap, resource):
        key = key_of(cap["object"], resource)
        if key not in self.leases:
            self.leases[key] = {"account": cap["object"], "resource": resource, "port": cap["port"], "amount": 0, "used": 0,
                                "expires": 0, "epoch": self.epochs.get(cap["object"], 0), "metering": False,
                                "outstanding": None, "waiting": []}
        return self.leases[key]

    def room(self, lease, cap):
        if lease["expires"] <= self.clock() or cap["epoch"] != lease["epoch"]:
            return 0
        return lease["amount"] if self.broken == BROKEN_MODE else lease["amount"] - lease["used"]

    def pump(self, step, lease):
        while lease["waiting"]:
            head = lease["waiting"][0]
            room = self.room(lease, head["cap"])
            if room < head["amount"]:
                if lease["outstanding"] is None:
                    need = head["amount"] - max(0, room)
                    self.request(step, lease, {"t": "lease-request", "account": lease["account"], "resource": lease["resource"],
                                               "seq": self.seq(), "cap": head["cap"], "amount": need, "atLeast": need})
                return
            lease["waiting"].pop(0)
            lease["used"] += head["amount"]
            step.event(kind="Admitted", account=lease["account"], resource=lease["resource"], node=self.name, amount=head["amount"])
            head["answer"](step)
            if lease["resource"] == "memoryBytes":
                self.share_cpu(step)  # memory held weighs in the node's DRF

    def seq(self):
        self.next_seq += 1
        return [self.inc, self.next_seq]

    def request(self, step, lease, message):
        now = self.clock()
        if message["t"] == "lease-request":
            give_up = now + self.params["callTimeoutNs"]
        else:
            give_up = lease["expires"] if message["keep"] > 0 else now + 3 * self.params["retryIntervalNs"]
        lease["outstanding"] = {"message": message, "sent": now, "give_up": give_up}
        self.send(step, lease["port"], message)
        step.timer(f"quota/retry/{key_of(lease['account'], lease['resource'])}", self.params["retryIntervalNs"])

    def on_lease_answer(self, step, lease, seq, answer):
        asked = lease["outstanding"]
        if asked is None or asked["message"]["seq"] != seq:
            return
        lease["outstanding"] = None
        key = key_of(lease["account"], lease["resource"])
        kind = answer["kind"]
        if kind in ("granted", "renewed"):
            self.epochs[lease["account"]] = max(self.epochs.get(lease["account"], 0), answer["epoch"])
            lease["epoch"] = max(lease["epoch"], answer["epoch"])
        if kind == "granted" or (kind == "renewed" and answer["keep"] > 0):
            if kind == "granted":
                lease["amount"] += answer["amount"]
                step.event(kind="LeaseGranted", account=lease["account"], resource=lease["resource"], node=self.name, amount=answer["amount"], termNs=answer["termNs"])
            else:
                step.event(kind="LeaseRenewed", account=lease["account"], resource=lease["resource"], node=self.name, termNs=answer["termNs"])
            lease["expires"] = asked["sent"] + HOLDER_TERM_NS
            step.timer(f"quota/expire/{key}", lease["expires"] - self.clock())
            step.timer(f"quota/renew/{key}", HOLDER_TERM_NS // 2)
        elif kind == "gone":
            self.expire(step, lease)
        elif kind == "refused":
            if lease["resource"] in CHUNK and not lease["waiting"]:
                work = self.metered.get(key_of(lease["account"], lease["resource"]))
                for queued in (work["queue"] if work else []):
                    self.reject(step, answer_op(queued["op_id"]), lease["account"], answer["code"], answer["text"], lease["resource"])
                if work:
                    work["queue"] = []
            elif lease["waiting"]:
                head = lease["waiting"].pop(0)
                self.reject(step, head["answer"], lease["account"], answer["code"], answer["text"], lease["resource"])
        self.resume(step, lease)

    def resume(self, step, lease):
        self.pump(step, lease)
        work = self.metered.get(key_of(lease["account"], lease["resource"]))
        if work is not None:
            self.pump_metered(step, work)

    def expire(self, step, lease):
        if lease["amount"] == 0 and lease["used"] == 0:
            return
        step.event(kind="LeaseExpired", account=lease["account"], resource=lease["resource"], node=self.name, side="holder", amount=lease["used"])
        stopped = lease["used"] > 0
        lease.update(amount=0, used=0, expires=0, metering=False)
        if stopped:
            self.on_work_stopped(step, lease["account"], lease["resource"])
        if lease["resource"] == "memoryBytes":
            self.share_cpu(step)

    def renew_or_return(self, step, lease):
        if lease["outstanding"] is not None or lease["expires"] <= self.clock() or lease["amount"] == 0:
            return
        keep = lease["amount"] if lease["metering"] else lease["used"]
        if keep < lease["amount"]:
            step.event(kind="LeaseReturned", account=lease["account"], resource=lease["resource"], node=self.name, amount=lease["amount"] - keep)
            lease["amount"] = keep
            if keep == 0:
                lease["expires"] = 0
        self.request(step, lease, {"t": "renew", "account": lease["account"], "resource": lease["resource"], "seq": self.seq(), "keep": keep})

    def pump_metered(self, step, work):
        self.run_metered(step, work)
        if work["resource"] == "cpuNsPerSec":
            self.share_cpu(step)

    def share_cpu(self, step):
        """The node's CPU divided by DRF over its CPU and memory when the computing accounts' leases exceed its threads."""
        now = self.clock()
        while True:
            computing = []
            for work in self.metered.values():
                lease = self.leases.get(key_of(work["account"], work["resource"])) if work["resource"] == "cpuNsPerSec" and work["queue"] else None
                if lease is not None and lease["expires"] > now and lease["amount"] > 0:
                    memory = self.leases.get(key_of(work["account"], "memoryBytes"))
                    held = memory["used"] if memory is not None and memory["expires"] > now else 0
                    computing.append((work, lease["amount"], held))
            machine = self.machine
            rates = drf_cpu(machine["hardwareThreads"] * 10 ** 9, machine["memoryBytes"], [(cap, held) for _, cap, held in computing])
            changed = [(work, cap) for (work, cap, _), rate in zip(computing, rates) if self.cpu_throttled.get(work["account"], cap) != rate]
            for work, cap in changed:  # filled at the old rate up to now, then it runs on at the new one
                self.refill(work, self.cpu_throttled.get(work["account"], cap))
            self.cpu_throttled = {work["account"]: rate for (work, cap, _), rate in zip(computing, rates) if rate < cap}
            if not changed:
                return
            for work, _ in changed:
                self.run_metered(step, work)

    def refill(self, work, rate):
        now = self.clock()
        depth = max(CHUNK[work["resource"]], rate * BUCKET_DEPTH_NS / 1e9)
        work["tokens"] = min(depth, work["tokens"] + (now - work["refilled"]) * rate / 1e9)
        work["refilled"] = now

    def run_metered(self, step, work):
        """Runs what the token bucket allows: packets of a transmit, slices of CPU time of a compute (charged in the step's cost)."""
        lease = self.lease(work["cap"], work["resource"])
        now = self.clock()
        if not work["queue"]:
            lease["metering"] = False
            return
        if lease["expires"] <= now or lease["amount"] == 0:
            if lease["outstanding"] is None:
                self.request(step, lease, {"t": "lease-request", "account": work["account"], "resource": work["resource"],
                                           "seq": self.seq(), "cap": work["cap"], "amount": 2 ** 53 - 1, "atLeast": 1})
            return
        lease["metering"] = True
        rate = self.cpu_throttled.get(work["account"], lease["amount"]) if work["resource"] == "cpuNsPerSec" else lease["amount"]
        size = CHUNK[work["resource"]]
        self.refill(work, rate)
        while work["queue"]:
            head = work["queue"][0]
            chunk = min(size, head["left"])
            if work["tokens"] < chunk:
                if rate > 0:  # at rate 0 DRF holds it back until the node's shares change (share_cpu runs it again)
                    step.timer(f"quota/meter/{key_of(work['account'], work['resource'])}", -(-(chunk - work["tokens"]) * 1e9 // rate))
                return
            work["tokens"] -= chunk
            head["left"] -= chunk
            if head["to"] is not None:
                self.send(step, head["to"], {"t": "data", "account": work["account"], "bytes": chunk})
                step.cost["wireBytes"] += chunk
            else:
                step.cost["cpuNs"] = step.cost.get("cpuNs", 0) + chunk
                step.event(kind="Computed", account=work["account"], node=self.name, cpuNs=chunk)
            if head["left"] == 0:
                work["queue"].pop(0)
                step.reply(head["op_id"], {})
        lease["metering"] = False

    # ---- ledger -------------------------------------------------------------------------------

    def persist(self, step, ledger):
        step.persist(f"quota:{ledger['account']}", ledger)

    def arm_reclaim(self, step, account, resource, holder, at):
        step.timer(f"quota/reclaim/{quote(account, safe='')}/{resource}/{quote(holder, safe='')}", at - self.clock())

    def on_lease_request(self, step, holder, message):
        account, resource, seq = message["account"], message["resource"], message["seq"]

        def answer(result):
            self.send(step, holder, {"t": "lease-answer", "account": account, "resource": resource, "seq": seq, "answer": result})

        ledger = self.ledgers.get(account)
        if ledger is None:
            return answer({"kind": "refused", "code": "forbidden", "text": f"node {self.name} keeps no account '{account}'"})
        last = ledger["answered"][resource].get(holder)
        if last is not None and last["seq"] == seq:
            return answer(last["answer"])
        if last is not None and last["seq"] > seq:
            return
        leases = ledger["leases"][resource]
        now = self.clock()
        booked = leases.get(holder)
        if message["t"] == "renew":
            if booked is None:
                result = {"kind": "gone"}
            else:
                kept = min(message["keep"], booked["amount"])
                if kept == 0:
                    del leases[holder]
                    self.heard(step, ledger, holder)
                else:
                    leases[holder] = {"amount": kept, "reclaimAt": max(booked["reclaimAt"], now + RECLAIM_AFTER_NS)}
                result = {"kind": "renewed", "keep": kept, "termNs": LEASE_TERM_NS, "epoch": ledger["epoch"]}
        else:
            why = permits(message["cap"], account, ledger["epoch"], "write")
            free = ledger["quotas"].get(resource, 0) - sum(l["amount"] for l in leases.values())
            given = min(message["amount"], free)
            if why is not None:
                result = {"kind": "refused", "code": "forbidden", "text": why}
            elif given < message["atLeast"] or given <= 0:
                result = {"kind": "refused", "code": "quota_exceeded",
                          "text": f"account '{account}' has {free} {resource} left unleased of {ledger['quotas'].get(resource, 0)}"}
            else:
                old = booked or {"amount": 0, "reclaimAt": 0}
                leases[holder] = {"amount": old["amount"] + given, "reclaimAt": max(old["reclaimAt"], now + RECLAIM_AFTER_NS)}
                result = {"kind": "granted", "amount": given, "termNs": LEASE_TERM_NS, "epoch": ledger["epoch"]}
        ledger["answered"][resource][holder] = {"seq": seq, "answer": result}
        self.persist(step, ledger)
        if holder in leases:
            self.arm_reclaim(step, account, resource, holder, leases[holder]["reclaimAt"])
        answer(result)

    def on_reclaim(self, step, account, resource, holder):
        ledger = self.ledgers.get(account)
        lease = ledger["leases"][resource].get(holder) if ledger else None
        if lease is None or self.clock() < lease["reclaimAt"]:
            return
        del ledger["leases"][resource][holder]
        step.event(kind="LeaseExpired", account=account, resource=resource, node=holder, side="ledger", amount=lease["amount"])
        self.persist(step, ledger)
        if not self.holds(ledger, holder):
            self.heard(step, ledger, holder)

    @staticmethod
    def holds(ledger, holder):
        return any(holder in by_node for by_node in ledger["leases"].values())

    def call_ledger(self, step, call, answered):
        """Asks the ledger of the capability's account (its port), retrying until it answers or the call
        times out; answered(step, result) once."""
        cap = call["cap"]
        call_id = f"{self.inc}.{self.next_call}"
        self.next_call += 1
        message = {"t": "ledger-call", "account": cap["object"], "callId": call_id, "call": call}
        self.calls[call_id] = {"answered": answered, "port": cap["port"], "message": message, "give_up": self.clock() + self.params["callTimeoutNs"]}
        self.send(step, cap["port"], message)
        step.timer(f"quota/call/{call_id}", self.params["retryIntervalNs"])

    def confirm(self, step, cap, right, answered):
        """Whether cap still grants right, asked of its account's ledger: a node holding none of the
        account's leases is not waited for by a revocation (tenant isolation of names and segments)."""
        self.call_ledger(step, {"kind": "confirm", "cap": cap, "right": right}, answered)

    def on_ledger_call(self, step, caller, message):
        call_id, call = message["callId"], message["call"]

        def answer(result):
            self.send(step, caller, {"t": "ledger-answer", "callId": call_id, "result": result})

        ledger = self.ledgers.get(message["account"])
        if ledger is None:
            return answer({"kind": "error", "code": "forbidden", "text": f"node {self.name} keeps no account '{message['account']}'"})
        account, cap, kind = ledger["account"], call["cap"], call["kind"]

        def forbidden(text, right):
            step.event(kind="Rejected", account=account, node=self.name, code="forbidden", right=right)
            answer({"kind": "error", "code": "forbidden", "text": text})

        if kind == "confirm":
            why = permits(cap, account, ledger["epoch"], call["right"])
            return forbidden(why, call["right"]) if why else answer({"kind": "ok", "value": {}})
        if kind == "usage":
            why = permits(cap, account, ledger["epoch"], "read")
            if why:
                return forbidden(why, "read")
            leased = {r: sum(l["amount"] for l in ledger["leases"][r].values()) for r in RESOURCES}
            return answer({"kind": "ok", "value": {"quotas": ledger["quotas"], "leased": leased}})
        if kind == "derive":
            why = permits(cap, account, ledger["epoch"], "grant")
            extra = [r for r in call["rights"] if r not in cap["rights"]]
            if why or extra:
                return forbidden(why or f"rights only shrink: the capability lacks {', '.join(extra)}", "grant")
            derived = mint(cap["port"], account, call["rights"], cap["epoch"])
            step.event(kind="CapabilityDerived", object=account, rights=derived["rights"])
            return answer({"kind": "ok", "value": {"capability": derived}})
        # revoke
        # Call ids are unique per caller only: a copy is the same call from the same node.
        done = self.revoked.get(account)
        if done and (caller, call_id) in done[0]:
            return answer(done[1])
        # Joining a revocation in progress hands out its new root: only the old root may.
        pending = self.revocations.get(account)
        if pending and not permits(cap, account, pending["epoch"] - 1, "grant") and canonical(cap["rights"]) == list(RIGHTS):
            pending["answer_to"].append((caller, call_id))
            return
        why = permits(cap, account, ledger["epoch"], "grant")
        if why or canonical(cap["rights"]) != list(RIGHTS):
            return forbidden(why or "only the capability with every right may revoke", "grant")
        ledger["epoch"] += 1
        self.persist(step, ledger)
        step.event(kind="CapabilityRevoked", object=account, epoch=ledger["epoch"])
        waiting = {h for by_node in ledger["leases"].values() for h in by_node}
        self.revocations[account] = {"epoch": ledger["epoch"], "waiting": waiting, "answer_to": [(caller, call_id)],
                                     "result": {"kind": "ok", "value": {"capability": mint(self.name, account, RIGHTS, ledger["epoch"])}}}
        for holder in waiting:
            self.send(step, holder, {"t": "epoch", "account": account, "epoch": ledger["epoch"]})
        if waiting:
            step.timer(f"quota/epoch/{quote(account, safe='')}", self.params["retryIntervalNs"])
        self.complete_revocation(step, account)

    def heard(self, step, ledger, holder):
        revocation = self.revocations.get(ledger["account"])
        if revocation:
            revocation["waiting"].discard(holder)
            self.complete_revocation(step, ledger["account"])

    def complete_revocation(self, step, account):
        revocation = self.revocations.get(account)
        if revocation is None or revocation["waiting"]:
            return
        del self.revocations[account]
        self.revoked[account] = (list(revocation["answer_to"]), revocation["result"])
        for node, call_id in revocation["answer_to"]:
            self.send(step, node, {"t": "ledger-answer", "callId": call_id, "result": revocation["result"]})

    # ---- packets and timers -------------------------------------------------------------------

    def on_packet(self, step, peer, body):
        t = body["t"]
        if t in ("lease-request", "renew"):
            self.on_lease_request(step, peer, body)
        elif t == "lease-answer":
            lease = self.leases.get(key_of(body["account"], body["resource"]))
            if lease is not None:
                self.on_lease_answer(step, lease, body["seq"], body["answer"])
        elif t == "ledger-call":
            self.on_ledger_call(step, peer, body)
        elif t == "ledger-answer":
            pending = self.calls.pop(body["callId"], None)
            if pending is not None:
                pending["answered"](step, body["result"])
        elif t == "epoch":
            account = body["account"]
            self.epochs[account] = max(self.epochs.get(account, 0), body["epoch"])
            for lease in self.leases.values():
                if lease["account"] == account:
                    lease["epoch"] = max(lease["epoch"], body["epoch"])
            self.send(step, peer, {"t": "epoch-ack", "account": account, "epoch": body["epoch"]})
        elif t == "epoch-ack":
            ledger = self.ledgers.get(body["account"])
            if ledger is not None and body["epoch"] == ledger["epoch"]:
                self.heard(step, ledger, peer)
        elif t == "data":
            step.event(kind="BytesReceived", account=body["account"], **{"from": peer}, node=self.name, bytes=body["bytes"])

    def on_timer(self, step, timer_id):
        kind, _, rest = timer_id.partition("/")
        parts = rest.split("/")
        lease = self.leases.get("/".join(parts[:2])) if kind in ("retry", "renew", "expire") else None
        now = self.clock()
        if kind == "op":
            for held in self.leases.values():
                for waiting in held["waiting"]:
                    if waiting["id"] == rest:
                        held["waiting"].remove(waiting)
                        waiting["answer"](step, ("unavailable", f"no lease from the ledger on node {held['port']} in time"))
                        return self.pump(step, held)
        elif kind == "retry" and lease is not None and lease["outstanding"] is not None:
            asked = lease["outstanding"]
            if now >= asked["give_up"]:
                lease["outstanding"] = None
                return self.resume(step, lease)
            self.send(step, lease["port"], asked["message"])
            step.timer(f"quota/{timer_id}", self.params["retryIntervalNs"])
        elif kind == "renew" and lease is not None:
            self.renew_or_return(step, lease)
        elif kind == "expire" and lease is not None and lease["expires"] and now >= lease["expires"]:
            self.expire(step, lease)
            self.resume(step, lease)
        elif kind == "reclaim":
            self.on_reclaim(step, unquote(parts[0]), parts[1], unquote(parts[2]))
        elif kind == "call" and rest in self.calls:
            pending = self.calls[rest]
            if now >= pending["give_up"]:
                del self.calls[rest]
                return pending["answered"](step, {"kind": "error", "code": "unavailable", "text": f"no answer from the ledger on node {pending['port']} in time"})
            self.send(step, pending["port"], pending["message"])
            step.timer(f"quota/{timer_id}", self.params["retryIntervalNs"])
        elif kind == "epoch":
            account = unquote(rest)
            revocation = self.revocations.get(account)
            if revocation:
                for holder in revocation["waiting"]:
                    self.send(step, holder, {"t": "epoch", "account": account, "epoch": revocation["epoch"]})
                step.timer(f"quota/{timer_id}", self.params["retryIntervalNs"])
        elif kind == "meter":
            work = self.metered.get(rest)
            if work is not None:
                self.pump_metered(step, work)
