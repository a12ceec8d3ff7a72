#!/usr/bin/env python3
"""cloudOS messaging, naming and RPC in Python (standard library only), speaking the adapter
protocol version 2 (conformance/protocol/PROTOCOL.md): JSON lines on stdin, one step per line on
stdout, logs on stderr. It hosts every node of the cluster. Copy it to start a port.

  python3 cloudos_node.py                      # correct
  python3 cloudos_node.py --broken no-dedup    # at-most-once/exactly-once servers re-execute retries
  python3 cloudos_node.py --broken dsm-stale-copy   # DSM readers keep loading a copy they acknowledged invalid
  CLOUDOS_PY_BROKEN=no-dedup python3 cloudos_node.py   # the same, for harnesses that take one command
  python3 cloudos_node.py --protocol 1         # speak version 1 exactly: no declaration, no costs
  python3 cloudos_node.py --broken quota-overadmit   # admits work beyond its lease (quotas.py)
  python3 cloudos_node.py --broken no-forwarding     # a migrated process leaves no forwarding pointer (migration.py)
"""
import argparse
import json
import re
import os
import sys

from migration import Migration
from quotas import BROKEN_MODE as QUOTA_BROKEN_MODE, DEFAULT_MACHINE, QUOTA_OPS, Quotas
from dsm import Dsm

PROTOCOL_VERSIONS = (1, 2)
FEATURES = ["messaging", "rpc", "migration", "quotas", "dsm"]
BROKEN_MODES = ("no-dedup", QUOTA_BROKEN_MODE, "dsm-stale-copy", "no-forwarding")
# The cost model, in CPU cycles: round figures for a software path, computed from what a step does,
# never measured (a run must replay exactly from its seed). The suite charges them to the machine.
CYCLES = {"step": 2000, "packet": 1500, "event": 200, "persist": 5000}


def json_bytes(value):
    return len(json.dumps(value, separators=(",", ":")))


def log(text):
    print(f"python impl: {text}", file=sys.stderr, flush=True)


class Step:
    """The effects one input produces, in order (see "Effects" in PROTOCOL.md)."""

    def __init__(self, node):
        self.node = node
        self.effects = []
        self.loopback = []  # packets a node sends to itself, handled within the same step
        self.cost = {"cycles": CYCLES["step"], "wireBytes": 0, "persistedBytes": 0}

    def event(self, **event):
        self.effects.append({"kind": "event", "event": event})
        self.cost["cycles"] += CYCLES["event"]

    def send(self, to, payload):
        if to == self.node:
            self.loopback.append(payload)
        else:
            self.effects.append({"kind": "send", "to": to, "payload": payload})
            self.cost["cycles"] += CYCLES["packet"]
            self.cost["wireBytes"] += json_bytes(payload)

    def timer(self, timer_id, after_ns):
        self.effects.append({"kind": "setTimer", "timerId": timer_id, "afterNs": max(1, int(after_ns))})

    def persist(self, key, value):
        self.effects.append({"kind": "persist", "key": key, "value": value})
        self.cost["cycles"] += CYCLES["persist"]
        self.cost["persistedBytes"] += len(key) + json_bytes(value)

    def reply(self, op_id, value):
        self.effects.append({"kind": "reply", "opId": op_id, "value": value})

    def error(self, op_id, code, text):
        self.effects.append({"kind": "error", "opId": op_id, "code": code, "text": text})


def namespace_of(name):
    """The account whose namespace holds a name or segment: the text before its first '/' (none: public)."""
    slash = name.find("/")
    return name[:slash] if slash > 0 else None


def home_node(pid, nodes):
    """Pids are p<counter>.<incarnation>@<node>: unique forever, and they say where to route."""
    node = pid.rpartition("@")[2]
    return node if "@" in pid and node in nodes else None


class Node:
    """One node: processes, a reliable link per peer, the registry (kept on the first node), RPC."""

    def __init__(self, init, broken, machine):
        self.name = init["node"]
        self.nodes = init["nodes"]
        self.inc = init["incarnation"]
        self.params = init["params"]
        self.broken = broken
        self.now = init["timeNs"]
        self.processes = set()
        self.next_pid = 1
        # Reliable link: per peer, an outgoing stream (seq, unacked) and an incoming one (delivered, buffer).
        self.peer_inc = {}
        self.out = {}
        self.inn = {}
        # Kernel requests waiting for an answer: id -> (what to do with it).
        self.pending = {}
        self.next_request = 0
        self.outbox = {}  # per sender pid: sends in order, so that a name lookup cannot reorder them
        self.calls = {}   # client side: call id -> pending call
        # Server side: a volatile at-most-once table per server process, as RPC.tla's server has one
        # (dedupCapacity entries each: a busy server never evicts its neighbours' calls), by pid:
        # {"calls": call id -> result, "order": [call id, client node, first sent] oldest first,
        # "watermark": client node -> first-sent time of the newest evicted call}; and the durable
        # exactly-once table, call id -> result, one for the node (it never evicts).
        self.amo = {}
        durable = init["durable"]
        self.names = {k[5:]: v for k, v in durable.items() if k.startswith("name:") and v is not None}
        self.eo = {k[3:]: v for k, v in durable.items() if k.startswith("eo:") and v is not None}
        self.migration = Migration(self, broken)  # migration.py
        self.quotas = Quotas(self.name, self.inc, self.params, durable, broken, lambda: self.now, self.stop_charged, machine)
        self.charged = {}  # pid -> capability: processes charged here to an account's processes quota (running, or arriving by migration)
        self.stop_when_resumed = set()  # frozen for a move, or arriving by one, when their processes lease ran out here
        self.dsm = Dsm(self.name, self.nodes, self.inc, self.params, broken, lambda step, to, m: self.link_send(step, to, {"t": "dsm", "m": m}), durable)
        # A restarted node knows nothing of its earlier incarnations' processes that moved away. The
        # first time something concerns such a pid it asks every peer its incarnation (a peer's
        # re-announcements, Migration.peer_restarted, travel on the link ahead of its answer); until
        # each answered or its request timed out, what concerns such a pid waits in `held` instead of
        # being answered as absent (spec/migration README, "Home node and location hints").
        self.announcements = "not-asked" if self.inc > 0 and len(self.nodes) > 1 else "done"
        self.unannounced = set()
        self.held = {}  # pid -> what waits for its announcement, in order

    def ask_for_announcements(self, step):
        if self.announcements != "not-asked":
            return
        self.announcements = "asking"
        self.unannounced = {peer for peer in self.nodes if peer != self.name}
        for peer in sorted(self.unannounced):
            self.ask(step, peer, {"kind": "incarnation"}, lambda step, answer, peer=peer: self.announced(step, peer))

    def announced(self, step, peer):
        self.unannounced.discard(peer)
        if self.unannounced:
            return
        self.announcements = "done"
        for pid in list(self.held):
            self.release(step, pid)

    def release(self, step, pid):
        for resume in self.held.pop(pid, []):
            resume(step)

    def awaits_announcement(self, pid):
        """Is `pid` an unknown process of an earlier incarnation of this node that a peer may still announce?"""
        spawned_by = re.fullmatch(r"p\d+\.(\d+)@.*", pid or "")
        if self.announcements == "done" or spawned_by is None or home_node(pid, self.nodes) != self.name or int(spawned_by.group(1)) >= self.inc:
            return False
        return not (pid in self.processes or pid in self.migration.pointers or self.migration.frozen(pid) or pid in self.migration.incoming)

    def hold(self, step, pid, resume):
        """Holds resume(step) while `pid` awaits its announcement; False (nothing held) otherwise."""
        if not self.awaits_announcement(pid):
            return False
        self.held.setdefault(pid, []).append(resume)
        self.ask_for_announcements(step)
        return True

    # ---- reliable link ------------------------------------------------------------------------

    def link_send(self, step, peer, body):
        stream = self.out.setdefault(peer, {"di": self.peer_inc.get(peer, 0), "seq": 1, "unacked": {}, "armed": False})
        seq = stream["seq"]
        stream["seq"] += 1
        stream["unacked"][seq] = body
        step.send(peer, {"t": "data", "si": self.inc, "di": stream["di"], "seq": seq, "body": body})
        if not stream["armed"]:
            stream["armed"] = True
            step.timer(f"link/{peer}", self.params["retryIntervalNs"])

    def learn_incarnation(self, step, peer, inc):
        """A peer with a newer incarnation restarted: its processes are gone, so messages queued
        for them are dropped, and kernel requests/responses go again on a fresh stream. A message
        to a pid of the new incarnation goes again too: a node that restarted knows no peer's
        incarnation and may send to a pid of a later one before it learns of that restart."""
        if inc <= self.peer_inc.get(peer, 0):
            return
        self.peer_inc[peer] = inc
        self.migration.peer_restarted(step, peer)
        self.inn.pop(peer, None)
        old = self.out.pop(peer, None)
        if old:
            for body in old["unacked"].values():
                if body["t"] != "msg" or self.of_incarnation(body["to"], peer, inc):
                    self.link_send(step, peer, body)

    @staticmethod
    def of_incarnation(pid, node, inc):
        """Is `pid` a process born on `node` in incarnation `inc` or later?"""
        head, _, born_on = pid.partition("@")
        return born_on == node and int(head.split(".")[1]) >= inc

    def on_data(self, step, peer, packet):
        if packet["di"] != self.inc:
            if packet["di"] < self.inc:
                step.send(peer, {"t": "hello", "si": self.inc})
            return
        stream = self.inn.get(peer)
        if stream and packet["si"] < stream["si"]:
            return
        if not stream or packet["si"] > stream["si"]:
            stream = self.inn[peer] = {"si": packet["si"], "delivered": 0, "buffer": {}}
        if packet["seq"] > stream["delivered"]:
            stream["buffer"][packet["seq"]] = packet["body"]
        ready = []
        while stream["delivered"] + 1 in stream["buffer"]:
            stream["delivered"] += 1
            ready.append(stream["buffer"].pop(stream["delivered"]))
        step.send(peer, {"t": "ack", "si": self.inc, "di": packet["si"], "stream": packet["di"], "upto": stream["delivered"]})
        for body in ready:
            self.on_link_body(step, peer, body)

    def on_ack(self, peer, packet):
        stream = self.out.get(peer)
        if stream and packet["di"] == self.inc and packet["stream"] == stream["di"]:
            for seq in [s for s in stream["unacked"] if s <= packet["upto"]]:
                del stream["unacked"][seq]

    def on_link_timer(self, step, peer):
        stream = self.out.get(peer)
        if not stream:
            return
        stream["armed"] = False
        for seq, body in list(stream["unacked"].items())[:64]:
            step.send(peer, {"t": "data", "si": self.inc, "di": stream["di"], "seq": seq, "body": body})
        if stream["unacked"]:
            stream["armed"] = True
            step.timer(f"link/{peer}", self.params["retryIntervalNs"])

    # ---- kernel requests (spawn, exit, locate, register, lookup, forget) ----------------------

    def ask(self, step, node, request, then):
        """Runs `request` on `node` (here at once, elsewhere over the link) and calls then(step, answer)."""
        if node == self.name:
            return self.serve_later(step, request, then)
        request_id = f"{self.inc}.{self.next_request}"
        self.next_request += 1
        self.pending[request_id] = then
        self.link_send(step, node, {"t": "req", "id": request_id, "req": request})
        step.timer(f"req/{request_id}", self.params["callTimeoutNs"])

    def serve_later(self, step, request, respond):
        """Serves request here, at once or, for a spawn charged to an account, once its unit is admitted."""
        kind = request["kind"]
        about = [request["pid"] if kind in ("exit", "locate", "register") else None, self.names.get(request["name"]) if kind in ("lookup", "register") else None]
        if any(self.hold(step, pid, lambda step: self.serve_later(step, request, respond)) for pid in about):
            return
        cap = request.get("capability") if request["kind"] == "spawn" else None
        if cap is None:
            return respond(step, self.serve(step, request))

        def admitted(step, error=None):
            if error is not None:
                return respond(step, {"error": error[0], "text": error[1]})
            result = self.serve(step, request)
            self.charged[result["ok"]["pid"]] = cap
            respond(step, result)

        self.quotas.admit_process(step, cap, admitted)

    def admit_charge(self, step, pid, cap, answer):
        """Charges a process arriving by migration here; answer gets None, or why not."""

        def admitted(step, error=None):
            if error is None:
                self.charged[pid] = cap
            answer(step, None if error is None else f"{error[0]}: {error[1]}")

        self.quotas.admit_process(step, cap, admitted)

    def drop_charge(self, step, pid):
        """The process's unit here goes back to the lease: it exited, left, or will not arrive."""
        self.stop_when_resumed.discard(pid)
        if pid in self.charged:
            self.quotas.release_process(step, self.charged.pop(pid)["object"])

    def stop_charged(self, step, account, resource):
        """The account's processes lease ran out here: the processes charged to it stop, as at an exit."""
        if resource != "processes":
            return
        for pid in [p for p, c in self.charged.items() if c["object"] == account]:
            del self.charged[pid]
            if pid in self.processes:
                self.stop_process(step, pid)
            elif self.migration.frozen(pid) or pid in self.migration.incoming:
                self.stop_when_resumed.add(pid)  # uncharged now: it stops if its move aborts, or as it arrives

    def resumed(self, step, pid):
        """A process runs here again (its move aborted) or arrived: stopped if its charge here ran out meanwhile."""
        if pid in self.stop_when_resumed:
            self.stop_when_resumed.discard(pid)
            self.stop_process(step, pid)

    def stop_process(self, step, pid):
        self.stopped(step, pid)
        self.ask(step, self.directory(), {"kind": "forget", "pid": pid}, lambda step, result: None)

    def stopped(self, step, pid):
        self.processes.discard(pid)
        # Sends still waiting for a name lookup will never leave; each operation still gets its answer.
        for queued in self.outbox.pop(pid, []):
            step.error(queued["op_id"], "not_found", f"sender {pid} exited before the message was sent")
        step.event(kind="Exited", pid=pid)

    def serve(self, step, request):
        kind = request["kind"]
        if kind == "spawn":
            pid = f"p{self.next_pid}.{self.inc}@{self.name}"
            self.next_pid += 1
            self.processes.add(pid)
            self.migration.spawned(pid, request.get("memory"))
            step.event(kind="Spawned", pid=pid, node=self.name)
            return {"ok": {"pid": pid, "node": self.name}}
        if kind in ("exit", "locate"):
            pid = request["pid"]
            if self.migration.pointer(pid):
                return {"redirect": self.migration.pointer(pid)}
            if self.migration.frozen(pid):
                if kind == "locate":
                    return {"ok": {"node": self.name, "zone": self.params["zones"].get(self.name, "")}}
                return {"error": "migration_in_progress", "text": f"{pid} is frozen for a migration"}
            if pid not in self.processes:
                return {"error": "not_found", "text": f"no process {pid} on node {self.name}"}
            if kind == "locate":
                return {"ok": {"node": self.name, "zone": self.params["zones"].get(self.name, "")}}
            refusal = self.process_refusal(pid, None, request.get("capability"), "exit")
            if refusal:
                return {"error": "forbidden", "text": refusal}
            self.stopped(step, pid)
            self.drop_charge(step, pid)
            return {"ok": {}}
        if kind == "forget":
            for name in [n for n, p in self.names.items() if p == request["pid"]]:
                del self.names[name]
                step.persist("name:" + name, None)
            return {"ok": {}}
        if kind == "register":
            name, pid = request["name"], request["pid"]
            current = self.names.get(name)
            if current is not None and current not in (pid, request.get("replacing")) and self.may_be_alive(current):
                taken = {"error": "name_taken", "text": f"'{name}' is bound to live process {current}"}
                # A holder on another node may have died in a crash this directory has not heard of.
                return taken if home_node(current, self.nodes) == self.name else {**taken, "holder": current}
            self.names[name] = pid
            step.persist("name:" + name, pid)
            step.event(kind="Registered", name=name, pid=pid)
            return {"ok": {}}
        if kind == "lookup":
            pid = self.names.get(request["name"])
            if pid is None or not self.may_be_alive(pid):
                return {"error": "not_found", "text": f"no live process is registered as '{request['name']}'"}
            return {"ok": {"pid": pid}}
        if kind == "incarnation":
            return {"ok": {"incarnation": self.inc}}
        raise ValueError(f"unknown kernel request {kind}")

    def may_be_alive(self, pid):
        if home_node(pid, self.nodes) == self.name:
            return pid in self.processes or pid in self.migration.pointers or self.migration.frozen(pid)
        return self.incarnation_live(pid)

    def incarnation_live(self, pid):
        """False when the pid's node has restarted since the process was spawned, as far as this node has heard."""
        node = home_node(pid, self.nodes)
        inc = int(pid.split("@")[0].split(".")[1])
        return node is not None and inc >= (self.inc if node == self.name else self.peer_inc.get(node, 0))

    # A directory learns of exits (exit asks it to forget), but not in time of a crash of the holder's
    # node: a restarted directory knows no peer's incarnation, and the holder's node may still be down.
    # So the asking node confirms a holder on another node than the directory with that node, whose
    # answer (its `si`) teaches this node the node's incarnation, before it trusts the directory.

    def lookup_live(self, step, name, then):
        """Looks `name` up and confirms the holder: `not_found` if its node restarted since, `unavailable` if it does not answer."""
        directory = self.directory()

        def confirm(step, result):
            holder_node = home_node(result["ok"]["pid"], self.nodes) if "ok" in result else None
            if holder_node is None or holder_node == directory:
                return then(step, result)  # the directory vouches for its own node's processes
            pid = result["ok"]["pid"]

            def confirmed(step, answer):
                if "ok" not in answer:
                    return then(step, {"error": "unavailable", "text": f"cannot confirm that {pid} is alive: {answer['text']}"})
                if not self.incarnation_live(pid):
                    return then(step, {"error": "not_found", "text": f"the process registered as '{name}', {pid}, was lost in a crash of its node"})
                then(step, result)

            self.ask(step, holder_node, {"kind": "incarnation"}, confirmed)

        self.ask(step, directory, {"kind": "lookup", "name": name}, confirm)

    def register(self, step, name, pid, then, replacing=None):
        """Binds `name` to `pid`; a `name_taken` answer that names an unconfirmed holder is checked
        with the holder's node, and the name bound again `replacing` the holder if it is gone."""
        request = {"kind": "register", "name": name, "pid": pid, **({"replacing": replacing} if replacing else {})}

        def registered(step, result):
            holder = result.get("holder")
            if holder is None:
                return then(step, result)

            def checked(step, answer):
                if "ok" not in answer:
                    return then(step, {"error": "unavailable", "text": f"'{name}' is bound to {holder}, whose node does not answer: it may be alive ({answer['text']})"})
                if self.incarnation_live(holder):
                    return then(step, {"error": "name_taken", "text": f"'{name}' is bound to live process {holder}"})
                self.register(step, name, pid, then, replacing=holder)

            self.ask(step, home_node(holder, self.nodes), {"kind": "incarnation"}, checked)

        self.ask(step, self.directory(), request, registered)

    def directory(self):
        return sorted(self.nodes)[0]  # the registry lives on the first node, in durable storage

    # ---- operations -----------------------------------------------------------------------------

    def on_op(self, step, op_id, op):
        if op["kind"] in QUOTA_OPS:
            return self.quotas.on_op(step, op_id, op)
        def answer(step, result):
            if "ok" in result:
                step.reply(op_id, result["ok"])
            else:
                step.error(op_id, result["error"], result["text"])

        kind = op["kind"]
        if kind in ("exit", "locate", "register", "read", "write") and self.hold(step, op["pid"], lambda step: self.on_op(step, op_id, op)):
            return
        if kind == "attach" and op["pid"] in self.processes:
            def attach(step, refusal):
                if refusal:
                    return step.error(op_id, *refusal)
                self.dsm.on_op(step, op_id, op, op["pid"] in self.processes)
            return self.admit_to_namespace(step, "segment", op["segment"], op["pid"], op.get("capability"), "attach", attach)
        if kind in ("attach", "load", "store"):
            return self.dsm.on_op(step, op_id, op, op["pid"] in self.processes)
        if kind == "spawn":
            node = self.place(op["placement"])
            if node is None:
                return step.error(op_id, "bad_request", f"no node satisfies placement {json.dumps(op['placement'])}")
            return self.ask(step, node, {"kind": "spawn", "memory": op.get("memory"), "capability": op.get("capability")}, answer)
        if kind in ("exit", "locate"):
            node = self.where_to_find(op["pid"])
            if node is None:
                return step.error(op_id, "not_found", f"'{op['pid']}' is not a process of this cluster")
            if kind == "locate":
                return self.ask_following(step, node, {"kind": "locate", "pid": op["pid"]}, answer)

            def then_forget(step, result):
                if "ok" not in result:
                    return answer(step, result)
                self.ask(step, self.directory(), {"kind": "forget", "pid": op["pid"]}, answer)

            return self.ask_following(step, node, {"kind": "exit", "pid": op["pid"], "capability": op.get("capability")}, then_forget)
        if kind == "migrate":
            refusal = op["pid"] in self.processes and self.process_refusal(op["pid"], None, op.get("capability"), "migrate")
            if refusal:
                return step.error(op_id, "forbidden", refusal)
            return self.migration.migrate(step, op_id, op)
        if kind in ("read", "write"):
            request = {"kind": "memory", "pid": op["pid"], "page": op["page"], "write": {"value": op["value"]} if kind == "write" else None, "capability": op.get("capability")}
            # Where it runs as far as this node knows, else its home, which redirects along its pointer:
            # a node restarted and not yet told again must not answer not_found for a live process.
            there = self.where_to_find(op["pid"])
            if there is None or there == self.name:
                return self.access_here(step, request, answer)
            return self.ask_following(step, there, request, answer)
        if kind in ("register", "lookup"):
            def admitted(step, refusal):
                if refusal:
                    return step.error(op_id, *refusal)
                if kind == "lookup":
                    return self.lookup_live(step, op["name"], answer)
                if home_node(op["pid"], self.nodes) == self.name and op["pid"] not in self.processes:
                    # The directory may not have heard yet that this node's process exited.
                    return step.error(op_id, "not_found", f"no live process {op['pid']} to bind '{op['name']}' to")
                self.register(step, op["name"], op["pid"], answer)
            return self.admit_to_namespace(step, "name", op["name"], None, op.get("capability"), kind, admitted)
        if op["from"] not in self.processes:
            return step.error(op_id, "not_found", f"{op['from']} does not run on node {self.name}")
        if kind == "send":
            self.outbox.setdefault(op["from"], []).append({"op_id": op_id, "op": op, "to": op["to"].get("pid"), "busy": False})
            return self.pump(step, op["from"])
        if kind == "call":
            if op["to"]["kind"] == "pid":
                return self.start_call(step, op_id, op, op["to"]["pid"])
            def admitted(step, refusal):
                if refusal:
                    return step.error(op_id, *refusal)
                self.lookup_live(step, op["to"]["name"], resolved)

            def resolved(step, result):
                if "ok" in result:
                    self.start_call(step, op_id, op, result["ok"]["pid"])
                else:
                    answer(step, result)

            return self.admit_to_namespace(step, "name", op["to"]["name"], op["from"], op.get("capability"), "call", admitted)
        raise ValueError(f"unknown operation {kind}")

    def ask_following(self, step, node, request, then, hops=8):
        """ask(), following the forwarding pointers of a process that migrated (a `redirect` answer)."""
        def follow(step, result):
            if "redirect" in result and hops > 0:
                return self.ask_following(step, result["redirect"], request, then, hops - 1)
            then(step, result)
        self.ask(step, node, request, follow)

    def dedup_tables(self, pid):
        """The duplicate-suppression tables migrating server pid takes along: its at-most-once table,
        and the exactly-once table (call ids are unique: all of it is safe)."""
        return {"amo": self.amo.get(pid), "eo": list(self.eo.items())}

    def adopt_dedup_tables(self, step, pid, tables):
        if tables["amo"] is not None:
            self.amo[pid] = tables["amo"]  # the server's own table, as it left: while it was away this node forwarded its calls
        for call_id, result in tables["eo"]:
            if call_id not in self.eo:
                self.eo[call_id] = result
                step.persist("eo:" + call_id, result)

    def home(self, pid):
        return home_node(pid, self.nodes)

    def where_to_find(self, pid):
        """This node while the process runs or is frozen here, else where it went last as far as this
        node knows, else its home: a process that moved is never reached through its home node, which may be down."""
        if pid in self.processes or self.migration.frozen(pid):
            return self.name
        return self.migration.pointer(pid) or home_node(pid, self.nodes)

    def place(self, placement):
        kind = placement["kind"]
        if kind == "here":
            return self.name
        if kind == "node":
            return placement["node"] if placement["node"] in self.nodes else None
        if kind in ("near", "far"):
            home = home_node(placement["pid"], self.nodes)
            if home is None or kind == "near":
                return home
            candidates = [n for n in self.nodes if n != home]
        else:
            candidates = [n for n in self.nodes if self.params["zones"].get(n) == placement["zone"]]
        return self.name if self.name in candidates else (candidates[0] if candidates else None)

    def pump(self, step, sender):
        queue = self.outbox.get(sender, [])
        while queue and not queue[0]["busy"]:
            head = queue[0]
            if head["to"] is None:
                head["busy"] = True

                def resolved(step, result, head=head):
                    if head not in self.outbox.get(sender, []):
                        return  # the sender exited meanwhile, and its exit answered this send
                    head["busy"] = False
                    if "ok" in result:
                        head["to"] = result["ok"]["pid"]
                    else:
                        queue.remove(head)
                        step.error(head["op_id"], result["error"], result["text"])
                    self.pump(step, sender)

                def admitted(step, refusal, head=head, resolved=resolved):
                    if refusal:
                        return resolved(step, {"error": refusal[0], "text": refusal[1]})
                    self.lookup_live(step, head["op"]["to"]["name"], resolved)

                return self.admit_to_namespace(step, "name", head["op"]["to"]["name"], sender, head["op"].get("capability"), "message", admitted)
            queue.pop(0)
            op, to = head["op"], head["to"]
            node = self.where_to_find(to)
            if node is None:
                step.error(head["op_id"], "not_found", f"'{to}' is not a process of this cluster")
                continue
            step.event(kind="Sent", msgId=op["msgId"], to=to, **{"from": op["from"]})  # `from` is a Python keyword
            message = {"t": "msg", "msgId": op["msgId"], "from": op["from"], "to": to, "body": op["body"], "pseq": self.migration.next_seq(op["from"], to)}
            if op["from"] in self.charged:  # the sender's account, for tenant isolation where the receiver runs
                message["tenant"] = self.charged[op["from"]]["object"]
            if "capability" in op:
                message["capability"] = op["capability"]
            if node == self.name:
                self.deliver(step, message)
            else:
                self.link_send(step, node, message)
            step.reply(head["op_id"], {})

    def deliver(self, step, message):
        if self.hold(step, message["to"], lambda step: self.deliver(step, message)):
            return
        if message["to"] in self.processes:  # messages to exited or crashed processes are dropped
            for m in self.migration.admit(message):  # in per-sender order once the process has moved
                refusal = self.process_refusal(m["to"], m.get("tenant"), m.get("capability"), "message")
                if refusal:
                    step.event(kind="Dropped", msgId=m["msgId"], at=self.name, reason=f"forbidden: {refusal}")
                else:
                    step.event(kind="Delivered", msgId=m["msgId"], to=m["to"], body=m["body"], **{"from": m["from"]})
        else:
            self.migration.absent_message(step, message)  # frozen here, or moved on

    def tenant_refusal(self, target, account, tenant, cap, reach):
        """Tenant isolation's one admission point: an object of an account (a process charged to it, decided
        on the node where it runs; a name or segment 'A/...' in its namespace, decided where the request
        enters) is reached (reach: message, call, exit, migrate, read, write, register, lookup, attach) only
        from its account's processes (tenant: the asking process's account, None for a client) or with a
        capability on the account carrying the right the reach needs; why not, or None."""
        if account is None or tenant == account:
            return None
        if cap is None:
            return f"{target} belongs to account '{account}'; the {reach} presented no capability"
        if cap["object"] != account:
            return f"the capability is for '{cap['object']}', not '{account}'"
        return self.quotas.refusal_here(cap, "read" if reach in ("read", "lookup") else "write")

    def process_refusal(self, pid, tenant, cap, reach):
        """tenant_refusal for a request reaching process pid, which runs (or is frozen, or arrives) here. A
        process charged to no account is the operator's: no tenant reaches it, whatever it presents."""
        if pid not in self.charged:
            return None if tenant is None else f"{pid} is charged to no account (the operator's): a process of '{tenant}' cannot reach it ({reach})"
        return self.tenant_refusal(pid, self.charged[pid]["object"], tenant, cap, reach)

    def admit_to_namespace(self, step, kind, name, asker, cap, reach, then):
        """tenant_refusal for a name or segment (kind), asked by process asker of this node (None: a
        client), where the request enters; a capability that passes here is confirmed by its account's
        ledger (this node may hold none of the account's leases, so may not have heard of a
        revocation). then(step, None) admits, then(step, (code, text)) refuses."""
        account = namespace_of(name)
        tenant = self.charged[asker]["object"] if asker in self.charged else None
        refusal = self.tenant_refusal(f"{kind} '{name}'", account, tenant, cap, reach)
        if refusal:
            return then(step, ("forbidden", refusal))
        if account is None or tenant == account:
            return then(step, None)
        right = "read" if reach == "lookup" else "write"
        self.quotas.confirm(step, cap, right, lambda step, result: then(step, None if result["kind"] == "ok" else (result["code"], result["text"])))

    def access_here(self, step, request, respond):
        """A read or write of a process's memory where it runs (or was frozen), admitted for tenant isolation first."""
        refusal = self.process_refusal(request["pid"], None, request.get("capability"), "read" if request["write"] is None else "write")
        if refusal:
            return respond(step, {"error": "forbidden", "text": refusal})
        self.migration.access(step, request["pid"], request["page"], request["write"], respond)

    def on_link_body(self, step, peer, body):
        if body["t"] == "msg":
            self.deliver(step, body)
        elif body["t"] == "req" and body["req"]["kind"] == "memory":
            request = body["req"]
            if self.hold(step, request["pid"], lambda step: self.on_link_body(step, peer, body)):
                return
            there = self.migration.pointer(request["pid"])
            respond = lambda step, result: self.link_send(step, peer, {"t": "resp", "id": body["id"], "resp": result})
            if there:
                return respond(step, {"redirect": there})
            self.access_here(step, request, respond)
        elif body["t"] == "req":
            self.serve_later(step, body["req"], lambda step, result: self.link_send(step, peer, {"t": "resp", "id": body["id"], "resp": result}))
        elif body["t"] == "dsm":
            self.dsm.on_message(step, peer, body["m"])
        elif body["t"] in ("mcommit", "mabort", "mswitched", "mcomplete", "mmoved"):
            self.migration.on_link_body(step, body)
            if body["t"] == "mmoved":
                self.release(step, body["pid"])
        elif body["t"] == "resp":
            then = self.pending.pop(body["id"], None)
            if then:
                then(step, body["resp"])

    # ---- RPC ----------------------------------------------------------------------------------

    def server_inc(self, server, node):
        """The incarnation of the server's node a call begins under: a server spawned by a later one than this node heard of proves the node restarted before."""
        heard_of = self.inc if node == self.name else self.peer_inc.get(node, 0)
        spawned_by = int(server.split("@")[0].split(".")[1]) if home_node(server, self.nodes) == node else 0
        return max(heard_of, spawned_by)

    def start_call(self, step, op_id, op, server):
        node = self.where_to_find(server)
        if node is None:
            return step.error(op_id, "not_found", f"'{server}' is not a process of this cluster")
        if op["callId"] in self.calls:
            return step.error(op_id, "bad_request", f"call id {op['callId']} is already in progress")
        call = {
            "op_id": op_id, "callId": op["callId"], "client": op["from"], "server": server, "node": node,
            "semantics": op["semantics"], "args": op["args"], "attempt": 1, "firstSentNs": self.now,
            "serverInc": self.server_inc(server, node),
            "deadline": self.now + self.params["callTimeoutNs"],
            # tenant isolation, judged where the server runs: the client's account and the capability presented
            "tenant": self.charged[op["from"]]["object"] if op["from"] in self.charged else None, "capability": op.get("capability"),
        }
        self.calls[call["callId"]] = call
        step.event(kind="CallStarted", callId=call["callId"], client=call["client"], server=server, semantics=call["semantics"])
        self.send_request(step, call)

    def send_request(self, step, call):
        request = {k: call[k] for k in ("callId", "client", "server", "semantics", "args", "attempt", "firstSentNs", "serverInc", "tenant", "capability")}
        step.send(call["node"], {"t": "call", "si": self.inc, **request})
        step.timer(f"rpc/{call['callId']}", min(self.params["retryIntervalNs"], call["deadline"] - self.now))

    def on_call_timer(self, step, call_id):
        call = self.calls.get(call_id)
        if call is None:
            return
        if self.now >= call["deadline"]:
            del self.calls[call_id]
            step.event(kind="CallFailed", callId=call_id, code="timeout")
            return step.error(call["op_id"], "timeout", f"no reply after {call['attempt']} attempts; the call may have executed")
        call["attempt"] += 1
        step.event(kind="CallRetried", callId=call_id, attempt=call["attempt"])
        self.send_request(step, call)

    def on_call(self, step, peer, request):
        call_id, server, semantics = request["callId"], request["server"], request["semantics"]
        if self.hold(step, server, lambda step, peer=peer: self.on_call(step, peer, request)):
            return
        peer = request.get("via", peer)  # the client's node, when a node the server left passed it on
        if self.migration.frozen(server) or server in self.migration.incoming:
            return  # the client retries once the server runs again (here: the request overtook the commit)
        there = self.migration.pointer(server)
        if there:
            return step.send(there, {**request, "via": peer, "serverInc": self.peer_inc.get(there, 0)})
        if request["si"] < (self.inc if peer == self.name else self.peer_inc.get(peer, 0)):
            return  # an orphan: its client's node has restarted since, nobody can take the reply
        restarted = request["serverInc"] < self.inc
        absent = ("crashed", "the server restarted since the call began; it may have executed") if restarted else ("not_found", f"no process {server}")

        def respond(result=None, error=None):
            if error is None:
                step.event(kind="Replied", callId=call_id, server=server)
            step.send(peer, {"t": "reply", "si": self.inc, "callId": call_id, "client": request["client"], "result": result, "error": error})

        refusal = server in self.processes and self.process_refusal(server, request.get("tenant"), request.get("capability"), "call")
        if refusal:
            # A retransmission may follow a copy that executed before a revocation: then the refusal is not definite.
            return respond(error=["forbidden" if request["attempt"] == 1 else "unavailable", refusal])
        dedup = semantics != "at-least-once" and self.broken != "no-dedup"
        if semantics == "at-most-once" and restarted:
            return respond(error=["crashed", "the server restarted since the call began and lost its dedup table"])
        amo = self.amo.get(server, {"calls": {}, "watermark": {}})
        table = self.eo if semantics == "exactly-once" else amo["calls"]
        if dedup and call_id in table:
            step.event(kind="DuplicateSuppressed", callId=call_id, server=server)
            return respond(result=table[call_id])
        client_node = home_node(request["client"], self.nodes)
        if dedup and semantics == "at-most-once" and request["firstSentNs"] <= amo["watermark"].get(client_node, -1):
            step.event(kind="DuplicateSuppressed", callId=call_id, server=server)
            return respond(error=["forgotten", "the server no longer remembers this call; it may have executed"])
        if server not in self.processes:
            return respond(error=list(absent))
        step.event(kind="Executed", callId=call_id, server=server)
        if semantics == "exactly-once":
            self.eo[call_id] = request["args"]
            step.persist("eo:" + call_id, request["args"])  # in the step that executes: crash-atomic
        elif semantics == "at-most-once":
            self.remember(server, call_id, client_node, request)
        respond(result=request["args"])

    def remember(self, server, call_id, client_node, request):
        """Keeps at most dedupCapacity entries in server's table; evicting one raises its client node's
        watermark there so that a late copy of it (sent no later than the evicted call) is refused, never re-executed."""
        amo = self.amo.setdefault(server, {"calls": {}, "order": [], "watermark": {}})
        amo["calls"][call_id] = request["args"]
        amo["order"].append([call_id, client_node, request["firstSentNs"]])
        while len(amo["order"]) > self.params["dedupCapacity"]:
            old_id, old_node, old_sent = amo["order"].pop(0)
            amo["calls"].pop(old_id, None)
            amo["watermark"][old_node] = max(amo["watermark"].get(old_node, -1), old_sent)

    def on_reply(self, step, reply):
        call = self.calls.get(reply["callId"])
        if call is None or call["client"] != reply["client"]:
            return  # a duplicate reply, or an orphan reply for a call lost in this node's crash
        del self.calls[reply["callId"]]
        if reply["error"] is None:
            step.event(kind="ReplyReceived", callId=call["callId"], client=call["client"], result=reply["result"])
            return step.reply(call["op_id"], {"result": reply["result"]})
        code, text = reply["error"]
        if code == "not_found" and call["attempt"] > 1:
            code = "unavailable"  # an earlier copy may have executed before the process exited
        step.event(kind="CallFailed", callId=call["callId"], code=code)
        step.error(call["op_id"], code, text)

    # ---- dispatch -------------------------------------------------------------------------------

    def on_packet(self, step, peer, packet):
        if peer != self.name:
            self.learn_incarnation(step, peer, packet["si"])
        kind = packet["t"]
        if kind == "data":
            self.on_data(step, peer, packet)
        elif kind == "ack":
            self.on_ack(peer, packet)
        elif kind == "call":
            self.on_call(step, peer, packet)
        elif kind == "reply":
            self.on_reply(step, packet)
        elif kind == "quota":
            self.quotas.on_packet(step, peer, packet["body"])
        elif kind.startswith("m"):
            self.migration.on_packet(step, peer, packet)

    def on_timer(self, step, timer_id):
        prefix, _, rest = timer_id.partition("/")
        if prefix == "link":
            self.on_link_timer(step, rest)
        elif prefix == "dsm":
            self.dsm.on_timer(step, timer_id)
        elif prefix == "rpc":
            self.on_call_timer(step, rest)
        elif prefix == "quota":
            self.quotas.on_timer(step, rest)
        elif prefix == "mig":
            self.migration.on_timer(step, rest)
        elif prefix == "req" and rest in self.pending:
            self.pending.pop(rest)(step, {"error": "unavailable", "text": "no answer from the node asked"})

    def handle(self, message):
        self.now = message["timeNs"]
        step = Step(self.name)
        kind = message["kind"]
        if kind == "op":
            self.on_op(step, message["opId"], message["op"])
        elif kind == "packet":
            self.on_packet(step, message["from"], message["payload"])
        elif kind == "timer":
            self.on_timer(step, message["timerId"])
        while step.loopback:
            self.on_packet(step, self.name, step.loopback.pop(0))
        return step


def answer(message, step, protocol):
    """The step line: in version 2 it reports the step's cost and, to an init, what this port implements."""
    line = {"kind": "step", "effects": step.effects if step else []}
    if protocol >= 2 and step:
        line["cost"] = step.cost
    if protocol >= 2 and message["kind"] == "init":
        line["declaration"] = {"protocolVersion": protocol, "features": FEATURES}
    return line


def main():
    parser = argparse.ArgumentParser(description="cloudOS messaging and RPC in Python, adapter protocol v1 and v2")
    parser.add_argument("--broken", choices=BROKEN_MODES, default=os.environ.get("CLOUDOS_PY_BROKEN") or None,
                        help="run a deliberately wrong variant the suite must reject (also: env CLOUDOS_PY_BROKEN)")
    parser.add_argument("--protocol", type=int, choices=PROTOCOL_VERSIONS, default=PROTOCOL_VERSIONS[-1],
                        help="the protocol version to speak; 1 is version 1 exactly, as a port written for it")
    args = parser.parse_args()
    if args.broken is not None and args.broken not in BROKEN_MODES:
        parser.error(f"CLOUDOS_PY_BROKEN={args.broken}: expected one of {', '.join(BROKEN_MODES)}")
    log(f"started, protocol version {args.protocol}{', broken mode ' + args.broken if args.broken else ''}")
    # The suite opens with a version-1 init and speaks what this port declares after that.
    accepted = PROTOCOL_VERSIONS[:PROTOCOL_VERSIONS.index(args.protocol) + 1]
    nodes = {}
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            message = json.loads(line)
        except json.JSONDecodeError as error:
            log(f"stdin line {number}: expected a JSON object, got {line[:120]!r} ({error})")
            return 65
        kind = message.get("kind")
        if kind == "init":
            if message.get("protocolVersion") not in accepted:
                log(f"stdin line {number}: protocolVersion {message.get('protocolVersion')!r}, this implementation reads {' and '.join(map(str, accepted))}")
                return 65
            name = message["node"]
            # Every init starts the node afresh: in version 2 the suite repeats the opening init, with
            # the machines (PROTOCOL.md, "Versions and features"), before any other input.
            nodes[name] = Node(message, args.broken, message.get("machines", {}).get(name, DEFAULT_MACHINE))
            step = Step(message["node"])
            nodes[message["node"]].quotas.boot(step)  # a restarted ledger arms its reclaim timers again
            if message["incarnation"] > 0:  # tell every peer at once: their directories forget this node's dead processes
                for peer in message["nodes"]:
                    if peer != message["node"]:
                        step.send(peer, {"t": "hello", "si": message["incarnation"]})
        elif kind == "crash":
            nodes.pop(message["node"], None)
            step = None
        elif kind in ("op", "packet", "timer") and message.get("node") in nodes:
            step = nodes[message["node"]].handle(message)
        else:
            log(f"stdin line {number}: expected init/op/packet/timer/crash for a running node, got kind {kind!r} for node {message.get('node')!r}")
            return 65
        sys.stdout.write(json.dumps(answer(message, step, args.protocol), separators=(",", ":")) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
