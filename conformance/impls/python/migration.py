"""Process migration for the Python port (feature `migration`, PROTOCOL.md "Migration"): the
source copies (pre-copy: one round of every page while the process runs), freezes it, sends the
last dirty pages with its mailbox and duplicate-suppression tables, and commits once the
destination holds them; the destination runs it from the commit on (post-copy: without pages,
faulting them in from the source, which pushes the rest). A node the process left keeps a
forwarding pointer for messages, calls and requests, and every other node (the pid's home among
them) learns the new place, where it then sends messages, locate and exit. A message forwarded
along the old pointers can then be overtaken by one sent after a node learned, so messages carry a per-(sender, receiver) sequence number and a process that has
moved takes each sender's messages in that order (the mailbox state moves with it).

Node (cloudos_node.py) calls in through `Migration`; everything else about a migration lives here.
"""

DEFAULT_MEMORY = {"pages": 16, "pageBytes": 4096, "dirtyPagesPerSec": 0}

# Post-copy pages pushed per packet, one packet unacknowledged at a time: a fetch reply then waits
# behind at most one batch on the wire, never behind the whole memory (a faulting access must not
# time out, and the process be declared lost, because the background push holds the link).
PUSH_BATCH_PAGES = 8


def new_image(memory):
    """A process's memory (page values; `present`: post-copy pages here, None when all are) and its
    mailbox order: next sequence number per receiver and per sender, messages held for a gap."""
    return {"spec": memory or DEFAULT_MEMORY, "values": {}, "present": None, "sendSeq": {}, "recvNext": {}, "held": [], "migrated": False, "epoch": 0}


class Migration:
    def __init__(self, node, broken):
        self.node = node
        self.broken = broken
        self.memory = {}    # pid -> {"spec": memory, "values": {page: value}, "present": set of pages or None}
        self.outgoing = {}  # pid -> the source's side of its migration
        self.incoming = {}  # pid -> the destination's side before the commit
        self.pulling = {}   # pid -> post-copy destination after the switch: waiting accesses per page
        self.pointers = {}  # pid -> the node it went to (kept for the node's lifetime)
        # pid -> its highest move number ("epoch") whose location this node knows: notices of
        # successive moves come from different nodes, so a late one must not undo a newer one
        self.epochs = {}
        self.next_id = 1

    # ---- processes and memory -----------------------------------------------------------------

    def spawned(self, pid, memory):
        self.memory[pid] = new_image(memory)

    def image(self, pid):
        return self.memory.setdefault(pid, new_image(None))

    def next_seq(self, sender, to):
        """The sequence number of the next message from `sender` to `to`."""
        image = self.image(sender)
        seq = image["sendSeq"].get(to, 1)
        image["sendSeq"][to] = seq + 1
        return seq

    def admit(self, message):
        """Takes a message into its receiver's mailbox; returns the messages now deliverable, in order.
        Before any move every message of a sender comes over one FIFO link, so it goes straight in."""
        image, seq = self.image(message["to"]), message.get("pseq")
        if seq is None:
            return [message]
        expected = image["recvNext"].get(message["from"], 1)
        if not image["migrated"]:
            image["recvNext"][message["from"]] = max(expected, seq + 1)
            return [message]
        if seq < expected:
            return []
        if seq > expected:
            image["held"].append(message)
            return []
        ready = [message]
        expected += 1
        while True:
            later = next((h for h in image["held"] if h["from"] == message["from"] and h["pseq"] == expected), None)
            if later is None:
                break
            image["held"].remove(later)
            ready.append(later)
            expected += 1
        image["recvNext"][message["from"]] = expected
        return ready

    def frozen(self, pid):
        out = self.outgoing.get(pid)
        return out is not None and out["phase"] == "frozen"

    def pointer(self, pid):
        """Where a request about `pid` must go from here, or None when it is answered here."""
        if pid in self.node.processes or self.frozen(pid):
            return None
        return self.pointers.get(pid)

    def access(self, step, pid, page, write, respond):
        """A read (write is None) or write of a process here; respond(step, {"ok"...} or {"error"...})."""
        out = self.outgoing.get(pid)
        if out is not None and out["phase"] == "frozen":
            return out["waiting"].append((page, write, respond))
        if pid not in self.node.processes:
            return respond(step, {"error": "not_found", "text": f"no process {pid} on node {self.node.name}"})
        image = self.image(pid)
        if page >= image["spec"]["pages"]:
            return respond(step, {"error": "bad_request", "text": f"page: {page} is beyond the process's {image['spec']['pages']} pages"})
        if image["present"] is not None and page not in image["present"]:
            return self.fault(step, pid, page, write, respond)
        if write is not None:
            image["values"][page] = write["value"]
            if out is not None:
                out["dirty"].add(page)
            step.event(kind="Written", pid=pid, page=page, value=write["value"])
            return respond(step, {"ok": {}})
        value = image["values"].get(page)
        step.event(kind="Read", pid=pid, page=page, value=value)
        respond(step, {"ok": {"value": value}})

    # ---- the source ---------------------------------------------------------------------------

    def migrate(self, step, op_id, op):
        pid, mode, target = op["pid"], op["mode"], op["to"]
        here = self.node.name
        if pid in self.outgoing or pid in self.pulling:
            return step.error(op_id, "migration_in_progress", f"{pid} is already migrating")
        if pid not in self.node.processes:
            return step.error(op_id, "not_found", f"no process {pid} runs on {here}; issue migrate where it runs")
        if target["kind"] == "node":
            dst = target["node"] if target["node"] in self.node.nodes else None
        else:
            dst = next((n for n in self.node.nodes if n != here and self.node.params["zones"].get(n) == target["zone"]), None)
        if dst is None or dst == here:
            return step.error(op_id, "bad_request", f"to: no node to move {pid} to from {here} ({target})")
        image = self.image(pid)
        out = {
            "id": f"{here}.{self.node.inc}.{self.next_id}", "pid": pid, "op_id": op_id, "dst": dst, "mode": mode,
            "phase": "copying", "image": image, "rounds": 0, "dirty": set(), "started": self.node.now, "frozen_at": 0,
            "activated": 0, "bytes": 0, "unacked": None, "serial": 0, "held": [], "waiting": [], "final_pages": 0, "push_next": 0,
        }
        self.next_id += 1
        self.outgoing[pid] = out
        step.event(kind="MigrationStarted", pid=pid, to=dst, mode=mode, **{"from": here})
        if mode == "pre-copy":
            out["rounds"] = 1
            values = sorted(image["values"].items())
            self.send_bulk(step, out, {"t": "mround", "id": out["id"], "pid": pid, "values": values}, image["spec"]["pages"])
        else:
            self.freeze(step, out)

    def send_bulk(self, step, out, packet, pages):
        """A copy of `pages` pages: their bytes are charged to the wire; resent until acknowledged."""
        out["serial"] += 1
        out["bytes"] += pages * out["image"]["spec"]["pageBytes"]
        out["unacked"] = {"packet": packet, "pages": pages, "serial": out["serial"], "first": self.node.now, "wait": self.node.params["retryIntervalNs"]}
        self.transmit(step, out["dst"], packet, pages * out["image"]["spec"]["pageBytes"])
        step.timer(f"mig/retry/{out['id']}/{out['serial']}", out["unacked"]["wait"])

    def transmit(self, step, to, packet, page_bytes):
        step.send(to, {**packet, "si": self.node.inc})
        step.cost["wireBytes"] += page_bytes

    def freeze(self, step, out):
        pid, mode, image = out["pid"], out["mode"], out["image"]
        self.node.processes.discard(pid)
        out["phase"] = "frozen"
        out["frozen_at"] = self.node.now
        pages = image["spec"]["pages"]
        dirty = len(out["dirty"]) if mode == "pre-copy" else pages
        step.event(kind="Frozen", pid=pid, node=self.node.name, dirtyPages=dirty)
        if mode == "stop-and-copy":
            values = sorted(image["values"].items())
        elif mode == "pre-copy":
            values = sorted((p, image["values"].get(p)) for p in out["dirty"])
        else:
            values = []
        out["final_pages"] = 0 if mode == "post-copy" else dirty
        tables = self.node.dedup_tables(pid)
        mailbox = {**{k: image[k] for k in ("sendSeq", "recvNext", "held")}, "epoch": image["epoch"] + 1}
        packet = {"t": "mfinal", "id": out["id"], "pid": pid, "mode": mode, "memory": image["spec"], "mailbox": mailbox, "values": values, "pages": out["final_pages"], "tables": tables,
                  "charge": self.node.charged.get(pid)}
        self.send_bulk(step, out, packet, out["final_pages"])

    def commit(self, step, out):
        """The destination holds everything: from here on the migration cannot abort."""
        pid, dst = out["pid"], out["dst"]
        out["unacked"] = None
        out["phase"] = "serving" if out["mode"] == "post-copy" else "committed"
        self.node.drop_charge(step, pid)  # the destination charged it before it prepared
        self.epochs[pid] = out["image"]["epoch"] + 1
        if self.broken != "no-forwarding":
            self.pointers[pid] = dst
        self.node.link_send(step, dst, {"t": "mcommit", "id": out["id"], "pid": pid})
        for message in out["held"]:  # after the commit on the same link: they arrive once it runs there
            step.event(kind="Forwarded", msgId=message["msgId"], at=self.node.name, to=dst)
            self.node.link_send(step, dst, message)
        out["held"] = []
        for page, write, respond in out["waiting"]:
            self.node.ask(step, dst, {"kind": "memory", "pid": pid, "page": page, "write": write}, respond)
        out["waiting"] = []
        step.timer(f"mig/switch/{out['id']}", self.node.params["callTimeoutNs"])

    def push_next_batch(self, step, out):
        """Post-copy: the next background batch of pages the destination may still lack."""
        image = out["image"]
        first, pages = out["push_next"], image["spec"]["pages"]
        if first >= pages:
            return
        out["push_next"] = min(pages, first + PUSH_BATCH_PAGES)
        values = [[p, image["values"].get(p)] for p in range(first, out["push_next"])]
        self.send_bulk(step, out, {"t": "mpages", "id": out["id"], "pid": out["pid"], "cause": "push", "values": values}, len(values))

    def finish(self, step, out):
        del self.outgoing[out["pid"]]
        self.memory.pop(out["pid"], None)
        step.reply(out["op_id"], {"node": out["dst"], "rounds": out["rounds"], "bytesMoved": out["bytes"],
                                  "downtimeNs": max(0, out["activated"] - out["frozen_at"]), "totalNs": self.node.now - out["started"]})

    def abort(self, step, out, reason):
        pid = out["pid"]
        del self.outgoing[pid]
        step.event(kind="MigrationAborted", pid=pid, reason=reason)
        self.node.link_send(step, out["dst"], {"t": "mabort", "id": out["id"], "pid": pid})
        if out["phase"] == "frozen":
            self.node.processes.add(pid)
            for message in out["held"]:
                self.node.deliver(step, message)
            for page, write, respond in out["waiting"]:
                self.access(step, pid, page, write, respond)
            self.node.resumed(step, pid)
        step.error(out["op_id"], "migration_aborted", f"migration of {pid} to {out['dst']} aborted before the switch ({reason}); it runs on at {self.node.name}")

    # ---- the destination ----------------------------------------------------------------------

    def activate(self, step, pid, incoming):
        del self.incoming[pid]
        final = incoming["final"]
        post_copy = final["mode"] == "post-copy"
        self.memory[pid] = {**new_image(final["memory"]), **final["mailbox"], "values": incoming["values"], "present": set() if post_copy else None, "migrated": True}
        self.pointers.pop(pid, None)
        epoch = self.epochs[pid] = final["mailbox"]["epoch"]
        self.node.processes.add(pid)
        self.node.adopt_dedup_tables(step, pid, final["tables"])
        if post_copy:
            self.pulling[pid] = {"id": incoming["id"], "src": incoming["src"], "waiting": {}, "asked": {}}
        step.event(kind="Switched", pid=pid, to=self.node.name, pagesCopied=final["pages"], **{"from": incoming["src"]})
        self.node.link_send(step, incoming["src"], {"t": "mswitched", "id": incoming["id"], "pid": pid, "at": self.node.now})
        # Every node learns the new location, not only the pid's home, so that a crash of the home
        # cuts no one off (spec/migration/README.md, "Home node and location hints").
        for node in self.node.nodes:
            if node not in (incoming["src"], self.node.name):
                self.node.link_send(step, node, {"t": "mmoved", "id": incoming["id"], "pid": pid, "to": self.node.name, "epoch": epoch})
        for message in incoming["held"]:
            self.node.deliver(step, message)
        self.node.resumed(step, pid)

    def charge_incoming(self, step, pid, incoming, cap):
        """Make before break: charged here before prepared (the source's unit goes at the commit); a refusal aborts the move."""
        incoming["charge"] = "admitting"

        def answer(step, refusal):
            current = self.incoming.get(pid) is incoming
            if refusal is None and not current:
                return self.node.drop_charge(step, pid)  # aborted meanwhile
            if not current:
                return
            if refusal is None:
                incoming["charge"] = "admitted"
            else:
                del self.incoming[pid]
            reply = {"t": "mprepared"} if refusal is None else {"t": "mrefused", "reason": refusal}
            step.send(incoming["src"], {**reply, "si": self.node.inc, "id": incoming["id"], "pid": pid})

        self.node.admit_charge(step, pid, cap, answer)

    def discard_incoming(self, step, pid):
        """A migration that will not commit: forgotten here, with the charge taken for it."""
        incoming = self.incoming.pop(pid)
        if incoming.get("charge") == "admitted":
            self.node.drop_charge(step, pid)

    def fault(self, step, pid, page, write, respond):
        pulling = self.pulling[pid]
        pulling["waiting"].setdefault(page, []).append((page, write, respond))
        if page not in pulling["asked"]:
            pulling["asked"][page] = self.node.now
            self.send_fetch(step, pid, pulling, page)

    def send_fetch(self, step, pid, pulling, page):
        step.send(pulling["src"], {"t": "mfetch", "si": self.node.inc, "id": pulling["id"], "pid": pid, "page": page})
        step.timer(f"mig/fetch/{pulling['id']}/{page}", self.node.params["retryIntervalNs"])

    def pages_arrived(self, step, pid, cause, values):
        pulling, image = self.pulling.get(pid), self.memory.get(pid)
        if pulling is None or image is None or image["present"] is None:
            return
        for page, value in values:
            if page in image["present"]:
                continue
            image["present"].add(page)
            if value is not None:
                image["values"][page] = value
            step.event(kind="PageFetched", pid=pid, page=page, cause=cause)
            for waiting in pulling["waiting"].pop(page, []):
                self.access(step, pid, *waiting)
        if len(image["present"]) == image["spec"]["pages"]:
            image["present"] = None
            del self.pulling[pid]
            self.node.link_send(step, pulling["src"], {"t": "mcomplete", "id": pulling["id"], "pid": pid})

    def lose(self, step, pid):
        """Post-copy: the source died with pages never received; the process cannot run."""
        pulling = self.pulling.pop(pid)
        self.memory.pop(pid, None)
        self.node.processes.discard(pid)
        for waiting in pulling["waiting"].values():
            for _, _, respond in waiting:
                respond(step, {"error": "crashed", "text": f"{pid} was lost with its post-copy source {pulling['src']}"})

    # ---- messages, packets, link bodies, timers, restarts -------------------------------------

    def absent_message(self, step, message):
        pid = message["to"]
        out = self.outgoing.get(pid)
        if out is not None and out["phase"] == "frozen":
            return out["held"].append(message)
        if pid in self.incoming:
            return self.incoming[pid]["held"].append(message)
        nxt = self.pointers.get(pid)
        if nxt is not None:
            step.event(kind="Forwarded", msgId=message["msgId"], at=self.node.name, to=nxt)
            self.node.link_send(step, nxt, message)

    def on_packet(self, step, peer, packet):
        kind, pid = packet["t"], packet["pid"]
        out = self.outgoing.get(pid)
        mine = out is not None and out["id"] == packet["id"]
        reply = lambda answer: step.send(peer, {**answer, "si": self.node.inc, "id": packet["id"], "pid": pid})
        if kind in ("mround", "mfinal"):
            incoming = self.incoming.get(pid)
            if incoming is None or incoming["id"] != packet["id"]:
                if pid in self.node.processes or pid in self.pulling:
                    return
                incoming = self.incoming[pid] = {"id": packet["id"], "src": peer, "values": {}, "final": None, "held": []}
            if incoming["final"] is None:
                for page, value in packet["values"]:
                    incoming["values"][page] = value
                if kind == "mfinal":
                    incoming["final"] = packet
                    if packet.get("charge") is not None:
                        self.charge_incoming(step, pid, incoming, packet["charge"])
            if incoming.get("charge") == "admitting":
                return  # prepared once charged here
            return reply({"t": "mround-ack" if kind == "mround" else "mprepared"})
        if kind == "mrefused" and mine and out["phase"] == "frozen":
            return self.abort(step, out, f"{out['dst']} could not charge it to its account: {packet['reason']}")
        if kind == "mround-ack" and mine and out["phase"] == "copying" and out["unacked"]:
            pages = out["unacked"]["pages"]
            out["unacked"] = None
            step.event(kind="RoundCopied", pid=pid, round=1, pages=pages)
            return self.freeze(step, out)
        if kind == "mprepared" and mine and out["phase"] == "frozen" and out["unacked"]:
            return self.commit(step, out)
        if kind == "mfetch" and mine and out["phase"] == "serving":
            page_bytes = out["image"]["spec"]["pageBytes"]
            out["bytes"] += page_bytes
            return self.transmit(step, peer, {"t": "mpages", "id": out["id"], "pid": pid, "cause": "fault", "values": [[packet["page"], out["image"]["values"].get(packet["page"])]]}, page_bytes)
        if kind == "mpages":
            self.pages_arrived(step, pid, packet["cause"], packet["values"])
            if packet["cause"] == "push":
                reply({"t": "mpages-ack", "first": packet["values"][0][0]})
        if kind == "mpages-ack" and mine and out["phase"] == "serving":
            pushed = out["unacked"] and out["unacked"]["packet"]
            if pushed and pushed["t"] == "mpages" and pushed["values"][0][0] == packet["first"]:
                out["unacked"] = None
                self.push_next_batch(step, out)

    def on_link_body(self, step, body):
        kind, pid = body["t"], body["pid"]
        out = self.outgoing.get(pid)
        mine = out is not None and out["id"] == body["id"]
        if kind == "mcommit":
            incoming = self.incoming.get(pid)
            if incoming is not None and incoming["id"] == body["id"] and incoming["final"] is not None:
                self.activate(step, pid, incoming)
        elif kind == "mabort":
            if self.incoming.get(pid, {}).get("id") == body["id"]:
                self.discard_incoming(step, pid)
        elif kind == "mswitched" and mine:
            out["activated"] = body["at"]
            if out["mode"] != "post-copy":
                return self.finish(step, out)
            self.push_next_batch(step, out)
        elif kind == "mcomplete" and mine:
            self.finish(step, out)
        elif kind == "mmoved" and body["epoch"] > self.epochs.get(pid, 0):
            self.epochs[pid] = body["epoch"]
            if pid not in self.node.processes and pid not in self.incoming:
                self.pointers[pid] = body["to"]

    def on_timer(self, step, rest):
        kind, mig_id, *args = rest.split("/")
        arg = args[0] if args else "0"
        if kind == "fetch":
            for pid, pulling in list(self.pulling.items()):
                if pulling["id"] == mig_id and int(arg) in pulling["waiting"]:
                    if self.node.now - pulling["asked"][int(arg)] >= self.node.params["callTimeoutNs"]:
                        return self.lose(step, pid)
                    return self.send_fetch(step, pid, pulling, int(arg))
            return
        out = next((o for o in self.outgoing.values() if o["id"] == mig_id), None)
        if out is None:
            return
        if kind == "switch":
            if out["phase"] == "committed" or (out["phase"] == "serving" and not out["activated"]):
                del self.outgoing[out["pid"]]
                step.error(out["op_id"], "unavailable", f"{out['pid']} was handed to {out['dst']}, which never confirmed running it")
            return
        unacked = out["unacked"]
        if kind != "retry" or unacked is None or unacked["serial"] != int(arg):
            return
        if out["phase"] in ("copying", "frozen") and self.node.now - unacked["first"] >= self.node.params["callTimeoutNs"]:
            return self.abort(step, out, f"no answer from {out['dst']} within {self.node.params['callTimeoutNs']} ns")
        unacked["wait"] *= 2
        self.transmit(step, out["dst"], unacked["packet"], unacked["pages"] * out["image"]["spec"]["pageBytes"])
        step.timer(f"mig/retry/{out['id']}/{unacked['serial']}", unacked["wait"])

    def peer_restarted(self, step, peer):
        # The restarted peer lost its location hints: tell it again where every process that moved
        # and runs (or is frozen) here is, so it never resolves them through a home node that may be down.
        for pid, image in self.memory.items():
            here = pid in self.node.processes or self.outgoing.get(pid, {}).get("phase") == "frozen"
            if here and image.get("epoch", 0) > 0:
                self.node.link_send(step, peer, {"t": "mmoved", "id": "", "pid": pid, "to": self.node.name, "epoch": image["epoch"]})
        for out in [o for o in self.outgoing.values() if o["dst"] == peer]:
            if out["phase"] in ("copying", "frozen"):
                self.abort(step, out, f"destination {peer} restarted")
            elif not out["activated"] or out["phase"] == "serving":
                del self.outgoing[out["pid"]]
                step.error(out["op_id"], "unavailable", f"destination {peer} restarted after the commit; {out['pid']} may be lost")
        for pid in [p for p, i in self.incoming.items() if i["src"] == peer]:
            self.discard_incoming(step, pid)
        for pid in [p for p, pulling in self.pulling.items() if pulling["src"] == peer]:
            self.lose(step, pid)
