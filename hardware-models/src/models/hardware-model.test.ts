// Model files: every preset validates and builds the topology it describes; every validation
// rule rejects bad input with the JSON field path and the rule.
import t from 'tap';
import { Simulator } from '../engine/simulator.js';
import { Network, type DeliveredMessage } from '../network/network.js';
import { listPresets, loadPreset, parseModelText } from '../presets/presets.js';
import { parseHardwareModel } from './hardware-model.js';
import { formatIssues } from '../../../conventions/index.js';

const presetNames = ['datacenter-100gbe', 'ix-2014-10gbe', 'ix-2014-4x10gbe', 'multi-datacenter', 'nvm-machine', 'pooled-nic-rack'];

t.test('the presets the issue asks for exist, validate and cite sources', async (t) => {
  for (const name of presetNames) t.ok(listPresets().includes(name), `${name} is shipped`);
  for (const name of listPresets()) {
    const { model } = loadPreset(name);
    t.equal(model.name, name, `${name}: name matches the file`);
    t.ok(Object.keys(model.sources).length >= 3, `${name}: cites its sources`);
  }
});

t.test('ix presets: 1 server + 24 clients on one switch; the 4x10GbE server link is 40 Gb/s', async (t) => {
  const one = loadPreset('ix-2014-10gbe').built.graph;
  const four = loadPreset('ix-2014-4x10gbe').built.graph;
  t.equal(one.machines.length, 25);
  t.equal(one.devices.length, 1);
  t.equal(one.links.find((l) => l.a === 'server')!.bandwidthBitsPerSec, 10e9);
  t.equal(four.links.find((l) => l.a === 'server')!.bandwidthBitsPerSec, 40e9);
  t.equal(four.links.find((l) => l.a === 'client0')!.bandwidthBitsPerSec, 10e9);
  t.equal(one.machines[0]!.cores, 16, '8 cores × 2 hyperthreads');
});

t.test('datacenter-100gbe: racks under spines', async (t) => {
  const { graph } = loadPreset('datacenter-100gbe').built;
  t.equal(graph.machines.length, 16 * 32);
  t.equal(graph.devices.filter((d) => d.id.startsWith('spine')).length, 4);
  t.equal(graph.links.length, 16 * 32 + 16 * 4);
});

t.test('datacenter-100gbe: flows spread over the 4 spines (ECMP); one pair always takes one path', async (t) => {
  const { graph } = loadPreset('datacenter-100gbe').built;
  const sim = new Simulator({ seed: 1 });
  const spineOf = new Map<string, Set<string>>();
  let current = '';
  const net = new Network(sim, graph, {
    onTransmit: (link) => {
      if (link.startsWith('r0-tor->spine')) spineOf.get(current)!.add(link);
    },
  });
  for (let i = 0; i < 32; i++) {
    for (let repeat = 0; repeat < 3; repeat++) {
      current = `r0-m${i}->r1-m${(i * 7) % 32}`;
      if (!spineOf.has(current)) spineOf.set(current, new Set());
      net.send(`r0-m${i}`, `r1-m${(i * 7) % 32}`, 64, null);
      sim.run();
    }
  }
  t.ok([...spineOf.values()].every((links) => links.size === 1), 'each pair uses one spine');
  const used = new Set([...spineOf.values()].flatMap((links) => [...links]));
  t.equal(used.size, 4, `32 pairs use all 4 spines, used ${[...used].join(', ')}`);
});

t.test('pooled-nic-rack: machines reach the ToR only through the pooled NIC', async (t) => {
  const { graph } = loadPreset('pooled-nic-rack').built;
  t.ok(graph.links.filter((l) => l.a.startsWith('m')).every((l) => l.b === 'pnic'));
  const uplink = graph.links.find((l) => l.a === 'pnic' && l.b === 'tor')!;
  t.equal(uplink.bandwidthBitsPerSec, 200e9, 'capped by the shared NIC: 2 × 100 Gb/s');
});

function oneMessageLatencyNs(preset: string, from: string, to: string): number {
  const { graph } = loadPreset(preset).built;
  const sim = new Simulator({ seed: 1 });
  const net = new Network(sim, graph);
  const received: DeliveredMessage[] = [];
  net.attach(to, () => ({ start: () => undefined, onMessage: (_c, m) => void received.push(m), onTimer: () => undefined }));
  net.send(from, to, 64, null);
  sim.run();
  if (received.length !== 1) throw new Error(`${preset}: message not delivered`);
  return sim.nowNs;
}

t.test('multi-datacenter: sites are 10–100 ms apart; racks within a site are microseconds apart', async (t) => {
  const acrossNs = oneMessageLatencyNs('multi-datacenter', 'ashburn-r0-m0', 'dublin-r1-m3');
  t.ok(acrossNs > 41e6 && acrossNs < 42e6, `Ashburn → Dublin ≈ 41 ms, got ${acrossNs} ns`);
  const withinNs = oneMessageLatencyNs('multi-datacenter', 'oregon-r0-m0', 'oregon-r1-m0');
  t.ok(withinNs < 10_000, `within a site < 10 µs, got ${withinNs} ns`);
  const nvmNs = oneMessageLatencyNs('nvm-machine', 'm0', 'm3');
  t.ok(nvmNs > 1000 && nvmNs < 5000, `rack round trip leg ≈ µs, got ${nvmNs}`);
});

// ---- negative tests: one per rule ----

function validModel(): Record<string, any> {
  return {
    name: 'test',
    description: 'two machines on a switch',
    machineTypes: { box: { cores: 4, clockHz: 2e9, nic: 'nic10', memory: { capacityBytes: 1e9, bandwidthBytesPerSec: 1e10, latencyNs: 80 } } },
    nicTypes: { nic10: { lineRateBitsPerSec: 10e9 } },
    topology: {
      kind: 'explicit',
      machines: [{ id: 'a', machineType: 'box' }, { id: 'b', machineType: 'box' }],
      switches: [{ id: 's', forwardingNs: 100 }],
      links: [
        { a: 'a', b: 's', bandwidthBitsPerSec: 10e9, propagationNs: 10, bufferBytes: 1000 },
        { a: 'b', b: 's', bandwidthBitsPerSec: 10e9, propagationNs: 10, bufferBytes: 1000 },
      ],
    },
    faults: { schedule: [{ kind: 'crash', atNs: 10, node: 'a' }] },
  };
}

function issuesOf(mutate: (m: Record<string, any>) => void): string[] {
  const model = validModel();
  mutate(model);
  const result = parseHardwareModel(model);
  return result.kind === 'invalid' ? formatIssues(result.issues, { separator: '\n' }).split('\n') : [];
}

t.test('the valid base model parses', async (t) => {
  t.equal(parseHardwareModel(validModel()).kind, 'ok');
});

const rules: [string, (m: Record<string, any>) => void, RegExp][] = [
  ['negative bandwidth', (m) => void (m.topology.links[0].bandwidthBitsPerSec = -1), /^topology\.links\[0\]\.bandwidthBitsPerSec: Too small: expected number to be >0/],
  ['zero cores', (m) => void (m.machineTypes.box.cores = 0), /^machineTypes\.box\.cores: Too small: expected number to be >0/],
  ['fractional cores', (m) => void (m.machineTypes.box.cores = 1.5), /^machineTypes\.box\.cores: Invalid input: expected int/],
  ['link to an unknown machine', (m) => void (m.topology.links[1].a = 'c'), /^topology\.links\[1\]\.a: unknown machine, switch or pooled NIC 'c' \(known: a, b, s\)/],
  ['fault on a missing node', (m) => void (m.faults.schedule[0].node = 'ghost'), /^faults\.schedule\[0\]\.node: unknown node 'ghost' \(known: a, b\)/],
  ['partition with a missing node', (m) => void (m.faults.schedule = [{ kind: 'partition', atNs: 0, groups: [['a'], ['zz']] }]), /^faults\.schedule\[0\]\.groups\[1\]\[0\]: unknown node 'zz'/],
  ['random crashes on a missing node', (m) => void (m.faults.randomCrashes = { meanTimeBetweenCrashesNs: 10, restartAfterNs: 10, nodes: ['q'] }), /^faults\.randomCrashes\.nodes\[0\]: unknown node 'q'/],
  ['probability above 1', (m) => void (m.faults.messages = { lossProbability: 1.5 }), /^faults\.messages\.lossProbability: Too big: expected number to be <=1/],
  ['unknown machine type', (m) => void (m.topology.machines[0].machineType = 'boxx'), /^topology\.machines\[0\]\.machineType: unknown machine type 'boxx' \(known: box\)/],
  ['unknown NIC type', (m) => void (m.machineTypes.box.nic = 'nic100'), /^machineTypes\.box\.nic: unknown NIC type 'nic100' \(known: nic10\)/],
  ['duplicate id', (m) => void (m.topology.switches.push({ id: 'a', forwardingNs: 0 })), /^topology\.switches\[1\]\.id: duplicate id 'a' \(first declared at topology\.machines\[0\]\.id\)/],
  ['machine with two links', (m) => void m.topology.links.push({ a: 'a', b: 's', bandwidthBitsPerSec: 1, propagationNs: 0, bufferBytes: 0 }), /^topology\.links\[2\]\.a: machine 'a' already has a link \(topology\.links\[0\]\)/],
  ['link between machines', (m) => void (m.topology.links[1].b = 'a'), /^topology\.links\[1\]: link joins two machines/],
  ['machine without a link', (m) => void m.topology.links.pop(), /^topology\.machines\[1\]: machine 'b' has no link/],
  ['unknown field', (m) => void (m.machineTypes.box.flavour = 3), /^machineTypes\.box: unknown field 'flavour'$/],
  ['misspelt field', (m) => void ((m.machineTypes.box.corez = m.machineTypes.box.cores), delete m.machineTypes.box.cores), /machineTypes\.box: unknown field 'corez' \(did you mean 'cores'\?\)/],
  ['unknown topology kind', (m) => void (m.topology.kind = 'mesh'), /^topology\.kind: Invalid discriminator value. Expected 'rack' \| 'datacenter'/],
  ['negative propagation', (m) => void (m.topology.links[0].propagationNs = -5), /^topology\.links\[0\]\.propagationNs: Too small/],
  ['missing field', (m) => void delete m.nicTypes.nic10.lineRateBitsPerSec, /^nicTypes\.nic10\.lineRateBitsPerSec: required field is missing \(expected number\)/],
  ['bad id characters', (m) => void (m.topology.machines[0].id = 'a b'), /^topology\.machines\[0\]\.id: ids use letters, digits and _ \. : -/],
];

t.test('every validation rule names the field and the rule', async (t) => {
  for (const [what, mutate, expected] of rules) {
    const issues = issuesOf(mutate);
    t.ok(issues.some((i) => expected.test(i)), `${what}: ${issues.join(' | ') || 'no issue reported'}`);
  }
});

t.test('reference rules in built topologies', async (t) => {
  const rackModel = () => ({ ...validModel(), faults: {}, topology: { kind: 'rack', machines: 2, machineType: 'box', access: { bandwidthBitsPerSec: 1e9, propagationNs: 0, bufferBytes: 0 }, tor: { forwardingNs: 0 } } });
  const ok = parseHardwareModel(rackModel());
  t.equal(ok.kind, 'ok');
  const badRack = parseHardwareModel({ ...rackModel(), topology: { ...rackModel().topology, machineType: 'nope' } });
  t.match(badRack.kind === 'invalid' ? formatIssues(badRack.issues, { max: 1 }) : '', /^topology\.machineType: unknown machine type 'nope'/);
  const multi = loadPreset('multi-datacenter').model;
  const badWan = parseHardwareModel({ ...multi, topology: { ...multi.topology, wan: [{ a: 'ashburn', b: 'tokyo', link: { bandwidthBitsPerSec: 1, propagationNs: 1, bufferBytes: 1 } }] } });
  t.match(badWan.kind === 'invalid' ? formatIssues(badWan.issues, { separator: '\n' }) : '', /topology\.wan\[0\]\.b: unknown site 'tokyo' \(known: ashburn, dublin, oregon\)/);
});

t.test('JSON syntax errors carry line and column', async (t) => {
  const result = parseModelText('{\n  "name": "x",\n  "description": oops\n}');
  t.same(result.kind === 'syntax-error' ? [result.line, result.column] : [], [3, 18]);
});
