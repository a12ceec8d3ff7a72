"""Distributed shared memory for the Python port (feature dsm, PROTOCOL.md "Distributed shared
memory"): Ivy's write-invalidate coherence (Li and Hudak 1989, spec/dsm/DSM.tla) with the dynamic
distributed manager: a fault's request follows probable-owner hints; forwarding a write request
points the hint at the requester. The owner keeps the copy set; a new owner invalidates it and
takes the write right once every acknowledgement is in. Messages go through the node's reliable
link (`send`). Broken mode `dsm-stale-copy`: a reader acknowledges an invalidation but keeps
reading its old copy.
"""

PAGE_BYTES = 4096  # a page, as the cost model sees it
FAULT_CYCLES = 20000  # the trap and the handler that builds the request


class Page:
    def __init__(self, segment, page, owner, initial_owner):
        self.segment, self.page = segment, page
        self.access = "write" if owner else "none"
        self.value, self.version = 0, 0
        self.owner = owner
        # At the owner: the readers, each with the faults it was sent copies for since it was last
        # invalidated. A reader waits for its copy before acknowledging only if its pending fault is one.
        self.copyset = {}
        self.prob_owner = initial_owner
        self.fault = None  # (access, timer id, fault id) while a fault is outstanding
        self.wait_acks = set()
        self.queued = []  # requests that arrived while this node waits for the page or for acks
        self.invalidated_by = None  # an invalidation that overtook the copy it revokes
        self.waiting = []  # (op id, op) in issue order
        self.recovery = None  # owner recovery under way: (nodes yet to answer, requests waiting)
        self.lost = False  # this node owned the page when an earlier incarnation crashed: lost for good


def owned_key(segment, page):
    # Whether this node owns a page is persisted each time the ownership comes or goes: a restarted
    # node then knows which pages died with it, the one reliable sign of a lost page (a request whose
    # hints loop back to its requester is none: a restarted node's hints are guesses, the owner may
    # only be cut off).
    return f"dsm-owned:{segment}/{page}"


class Dsm:
    def __init__(self, node, nodes, incarnation, params, broken, send, durable):
        self.node, self.nodes, self.params, self.broken, self.send = node, nodes, params, broken, send
        self.incarnation = incarnation
        self.durable = durable
        self.attached = {}  # pid -> {segment: pages}
        self.pages = {}
        self.timers = {}
        self.next_timer = 0
        self.local = []  # messages to this node itself

    def page(self, segment, page):
        key = f"{segment}/{page}"
        if key not in self.pages:
            # The first node owns every page at first; a restarted one owns nothing and knows no owner.
            first = self.nodes[0]
            p = self.pages[key] = Page(segment, page, self.node == first and self.incarnation == 0, first)
            # Nothing persisted: the page never changed hands here, so the first node still owned it.
            owned = self.durable.get(owned_key(segment, page))
            p.lost = self.incarnation > 0 and (self.node == first if owned is None else owned)
        return self.pages[key]

    def to(self, step, node, message):
        if node == self.node:
            self.local.append(message)
        else:
            self.send(step, node, message)

    def drain(self, step):
        while self.local:
            self.handle(step, self.node, self.local.pop(0))

    # ---- operations --------------------------------------------------------------------------

    def on_op(self, step, op_id, op, runs_here):
        if not runs_here:
            return step.error(op_id, "not_found", f"process {op['pid']} does not run on node {self.node}")
        if op["kind"] == "attach":
            self.attached.setdefault(op["pid"], {})[op["segment"]] = op["pages"]
            return step.reply(op_id, {})
        pages = self.attached.get(op["pid"], {}).get(op["segment"])
        if pages is None:
            return step.error(op_id, "not_found", f"process {op['pid']} has not attached segment '{op['segment']}'")
        if op["page"] > pages:
            return step.error(op_id, "bad_request", f"segment '{op['segment']}' has pages 1..{pages}")
        p = self.page(op["segment"], op["page"])
        p.waiting.append((op_id, op))
        self.serve_waiting(step, p)
        self.drain(step)

    def serve_waiting(self, step, p):
        while p.waiting:
            op_id, op = p.waiting[0]
            if op["kind"] == "load" and p.access != "none":
                step.event(kind="Loaded", segment=p.segment, page=p.page, value=p.value, version=p.version)
                step.reply(op_id, {"value": p.value, "version": p.version})
            elif op["kind"] == "store" and p.access == "write":
                p.value, p.version = op["value"], p.version + 1
                step.event(kind="Stored", segment=p.segment, page=p.page, value=p.value, version=p.version)
                step.reply(op_id, {"version": p.version})
            else:
                if p.fault is None:
                    self.start_fault(step, p, "read" if op["kind"] == "load" else "write")
                return
            p.waiting.pop(0)

    def start_fault(self, step, p, access):
        timer_id = f"dsm/{self.next_timer}"
        self.next_timer += 1
        self.timers[timer_id] = p
        # The fault's id comes back with its copy: a copy of a fault that gave up serves no later one.
        p.fault = (access, timer_id, f"{self.incarnation}.{self.next_timer}")
        step.cost["cycles"] += FAULT_CYCLES
        step.timer(timer_id, self.params["callTimeoutNs"])
        if p.owner:  # an owner holding a read copy upgrades in place
            step.event(kind="Fault", segment=p.segment, page=p.page, access=access, to=self.node)
            return self.invalidate_copyset(step, p, sorted(p.copyset.items()))
        step.event(kind="Fault", segment=p.segment, page=p.page, access=access, to=p.prob_owner)
        if p.lost:
            return self.handle(step, self.node, {"kind": "lost", "segment": p.segment, "page": p.page})
        self.to(step, p.prob_owner, {"kind": "request", "segment": p.segment, "page": p.page, "access": access, "requester": self.node, "hops": 0, "fault": p.fault[2]})

    # ---- messages ----------------------------------------------------------------------------

    def on_message(self, step, peer, message):
        self.handle(step, peer, message)
        self.drain(step)

    def handle(self, step, peer, m):
        p = self.page(m["segment"], m["page"])
        kind = m["kind"]
        if kind == "request":
            self.on_request(step, p, m)
        elif kind == "copy":
            if p.fault is None or p.fault[0] != "read" or p.fault[2] != m["fault"]:
                return  # its fault gave up: the copy is not used, not even by a later fault (spec/dsm EndUnserved)
            p.access, p.value, p.version, p.prob_owner = "read", m["value"], m["version"], peer
            self.end_fault(p)
            step.event(kind="FaultServed", segment=p.segment, page=p.page, access="read")
            self.serve_waiting(step, p)
            if p.invalidated_by is not None:  # the invalidation overtook this copy: give it up now
                by, p.invalidated_by = p.invalidated_by, None
                self.invalidate(step, p, by)
        elif kind == "ownership":
            p.owner, p.access, p.value, p.version, p.prob_owner, p.copyset = True, "read", m["value"], m["version"], self.node, {}
            step.persist(owned_key(p.segment, p.page), True)
            invalidating = [(n, faults) for n, faults in m["copyset"] if n != self.node]
            step.event(kind="OwnershipReceived", segment=p.segment, page=p.page, invalidating=[n for n, _ in invalidating], **{"from": peer})
            self.send_invalidations(step, p, invalidating)
            if p.fault is not None and p.fault[0] == "read":  # the page serves a read fault pending (spec/dsm OwnershipReceived)
                self.end_fault(p)
                self.serve_waiting(step, p)
            self.grant_if_acknowledged(step, p)
        elif kind == "invalidate":
            # A copy for the pending fault may be on its way: acknowledge once it is in. A copy of another
            # fault (one that gave up, a crashed incarnation's) will not serve it: waiting would deadlock
            # with the owner, which serves nothing until acknowledged (spec/dsm Invalidated).
            if p.access == "none" and p.fault is not None and p.fault[0] == "read" and p.fault[2] in m["faults"]:
                p.invalidated_by = peer
            else:
                self.invalidate(step, p, peer)
        elif kind == "ack":
            if peer not in p.wait_acks:
                return  # already counted
            p.wait_acks.discard(peer)
            step.event(kind="InvalidationAcked", segment=p.segment, page=p.page, **{"from": peer})
            if not p.wait_acks and p.owner:
                self.grant_write(step, p)
        elif kind == "lost":
            if p.fault is None:
                return
            self.end_fault(p)
            step.event(kind="PageLost", segment=p.segment, page=p.page)
            for op_id, _ in p.waiting:
                step.error(op_id, "page_lost", f"page {p.page} of segment '{p.segment}' has no owner: lost in a crash")
            p.waiting = []
        elif kind == "unreachable":
            if p.fault is not None:
                self.give_up(step, p, f"page {p.page} of segment '{p.segment}': its request reached a node that knows no owner and found none")
        elif kind == "whoOwns":
            self.to(step, peer, {"kind": "owns", "segment": p.segment, "page": p.page, "owns": p.owner, "lost": p.lost})
        elif kind == "owns":
            if p.recovery is None or peer not in p.recovery[0]:
                return
            p.recovery[0].discard(peer)
            p.lost = p.lost or m["lost"]
            if m["owns"] or m["lost"]:
                self.recovered(step, p, peer if m["owns"] else None)
            elif not p.recovery[0]:
                self.recovered(step, p, None)

    def knows_no_owner(self, p):
        # A restarted first node: its hint is itself, and it owns nothing.
        return self.incarnation > 0 and not p.owner and p.prob_owner == self.node

    def recover(self, step, p, m):
        # Owner recovery (spec/dsm OwnerRecovered): ask every other node whether it owns the page;
        # the request waits. The link re-sends to a node that is down, so every answer comes.
        if p.recovery is None:
            others = [n for n in self.nodes if n != self.node]
            p.recovery = (set(others), [])
            for n in others:
                self.to(step, n, {"kind": "whoOwns", "segment": p.segment, "page": p.page})
        p.recovery[1].append(m)

    def recovered(self, step, p, owner):
        # No node owning the page is no evidence that it is lost (its ownership may have been
        # travelling while they were asked): the waiting requests give up, unless a node said it
        # owned the page when it crashed.
        requests, p.recovery = p.recovery[1], None
        if owner is not None:
            p.prob_owner = owner
        for m in requests:
            if owner is None:
                self.to(step, m["requester"], {"kind": "lost" if p.lost else "unreachable", "segment": p.segment, "page": p.page})
            else:
                self.forward(step, p, m)

    def on_request(self, step, p, m):
        if p.lost:
            return self.to(step, m["requester"], {"kind": "lost", "segment": p.segment, "page": p.page})
        if m["requester"] == self.node and not p.owner:
            if m["hops"] == 0 and self.knows_no_owner(p):
                return self.recover(step, p, dict(m, relearned=True))
            if p.fault is not None and p.fault[0] == m["access"]:
                # The hints led back here: no chain from here reaches an owner now (a loop through a
                # restarted node's guessed hints, an owner cut off), no evidence of loss: re-learn.
                self.relearn(step, p, m)
            return
        if (p.owner and p.wait_acks) or (not p.owner and p.fault is not None and p.fault[0] == "write"):
            p.queued.append(m)  # served once this node holds the page with the write right
            return
        if p.owner:
            return self.serve_request(step, p, m)
        # A restarted node's hints may loop (no evidence of loss: past the hop bound this node
        # re-learns the owner); one that knows nothing recovers the owner first.
        if m["hops"] >= 2 * len(self.nodes) or (p.prob_owner == self.node and not self.knows_no_owner(p)):
            return self.relearn(step, p, m)
        if self.knows_no_owner(p):
            return self.recover(step, p, m)
        self.forward(step, p, m)

    def relearn(self, step, p, m):
        # Hints that lead nowhere (spec/dsm OwnerRecovered, made eventual by Relearning): ask every
        # node who owns the page and forward the request there, once per request; if the new hints
        # lead nowhere again, give up.
        if m.get("relearned"):
            return self.to(step, m["requester"], {"kind": "unreachable", "segment": p.segment, "page": p.page})
        self.recover(step, p, dict(m, hops=0, relearned=True))

    def forward(self, step, p, m):
        to = p.prob_owner
        if m["access"] == "write" and m["requester"] != self.node:
            p.prob_owner = m["requester"]
        step.event(kind="RequestForwarded", segment=p.segment, page=p.page, requester=m["requester"], to=to, byManager=False)
        self.to(step, to, dict(m, hops=m["hops"] + 1))

    def serve_request(self, step, p, m):
        requester = m["requester"]
        if requester == self.node:
            return  # this node's own request from a fault that gave up
        step.cost["wireBytes"] += PAGE_BYTES
        if m["access"] == "read":
            p.copyset.setdefault(requester, []).append(m["fault"])
            if p.access == "write":
                p.access = "read"
            step.event(kind="CopyGranted", segment=p.segment, page=p.page, to=requester)
            return self.to(step, requester, {"kind": "copy", "segment": p.segment, "page": p.page, "value": p.value, "version": p.version, "fault": m["fault"]})
        copyset = sorted([n, faults] for n, faults in p.copyset.items() if n != requester)
        step.event(kind="OwnershipTransferred", segment=p.segment, page=p.page, to=requester, copyset=[n for n, _ in copyset])
        self.to(step, requester, {"kind": "ownership", "segment": p.segment, "page": p.page, "value": p.value, "version": p.version, "copyset": copyset})
        step.persist(owned_key(p.segment, p.page), False)
        p.owner, p.access, p.copyset, p.prob_owner = False, "none", {}, requester

    def invalidate_copyset(self, step, p, readers):
        self.send_invalidations(step, p, readers)
        self.grant_if_acknowledged(step, p)

    def send_invalidations(self, step, p, readers):
        """`readers`: (node, the faults it was sent copies for); each invalidation names its reader's."""
        p.copyset = {}
        p.wait_acks |= {n for n, _ in readers}  # added to those of an upgrade that gave up (spec/dsm WriteFault)
        for n, faults in readers:
            self.to(step, n, {"kind": "invalidate", "segment": p.segment, "page": p.page, "faults": faults})

    def grant_if_acknowledged(self, step, p):
        if not p.wait_acks:
            self.grant_write(step, p)

    def grant_write(self, step, p):
        """Every acknowledgement is in: the write right for a write fault (else the read right stays), then the queued requests."""
        if p.fault is not None and p.fault[0] == "write":
            p.access = "write"
            self.end_fault(p)
            step.event(kind="FaultServed", segment=p.segment, page=p.page, access="write")
            self.serve_waiting(step, p)
        queued, p.queued = p.queued, []
        for request in queued:
            self.on_request(step, p, request)

    def invalidate(self, step, p, by):
        if not p.owner and self.broken != "dsm-stale-copy":
            p.access = "none"
        p.prob_owner = by
        step.event(kind="Invalidated", segment=p.segment, page=p.page, by=by)
        self.to(step, by, {"kind": "ack", "segment": p.segment, "page": p.page})

    def end_fault(self, p):
        if p.fault is not None:
            self.timers.pop(p.fault[1], None)
        p.fault = None

    # ---- timers ------------------------------------------------------------------------------

    def on_timer(self, step, timer_id):
        p = self.timers.get(timer_id)
        if p is None:
            return
        self.give_up(step, p, f"page {p.page} of segment '{p.segment}': no answer to its fault in time")
        self.drain(step)

    def give_up(self, step, p, why):
        """The fault ends unserved: what waited for it fails with unavailable (a store may yet take effect)."""
        self.end_fault(p)
        for op_id, _ in p.waiting:
            step.error(op_id, "unavailable", why)
        p.waiting = []
        if p.invalidated_by is not None:
            by, p.invalidated_by = p.invalidated_by, None
            self.invalidate(step, p, by)
