import { expect } from 'chai';
import { AggregatorRegistry, Registry } from 'prom-client';
import { Series } from '../../../runtime/telemetry/series.js';
import { promtoolCheck } from '../../helpers/prometheus.js';

describe('Series: fixed label sets in plain cells, formatted by prom-client', () => {
  it('writes a histogram with cumulative buckets, +Inf, sum and count, leaving out label sets with nothing recorded', async () => {
    const registry = new Registry();
    const latency = new Series(registry, 'demo_seconds', 'Demo latency.', 'histogram', ['route'], [0.1, 1]);
    const fast = latency.cell('/a');
    latency.cell('/unused');
    for (const value of [0.05, 0.1, 0.5, 3]) latency.observe(fast, value);
    const text = await registry.metrics();
    expect(text).to.equal(
      [
        '# HELP demo_seconds Demo latency.',
        '# TYPE demo_seconds histogram',
        'demo_seconds_bucket{route="/a",le="0.1"} 2',
        'demo_seconds_bucket{route="/a",le="1"} 3',
        'demo_seconds_bucket{route="/a",le="+Inf"} 4',
        'demo_seconds_sum{route="/a"} 3.65',
        'demo_seconds_count{route="/a"} 4',
        '',
      ].join('\n'),
    );
    expect(promtoolCheck(text)).to.equal('0');
  });

  it('keeps a gauge at zero but leaves out a counter never incremented; the same values give the same cell', async () => {
    const registry = new Registry();
    const open = new Series(registry, 'demo_open', 'Open things.', 'gauge', ['kind']);
    const made = new Series(registry, 'demo_made_total', 'Things made.', 'counter', ['kind']);
    open.cell('a').value++;
    open.cell('a').value--;
    made.cell('never');
    made.cell('b').value += 2;
    expect(made.cell('b')).to.equal(made.cell('b'));
    const text = await registry.metrics();
    expect(text).to.include('demo_open{kind="a"} 0');
    expect(text).to.include('demo_made_total{kind="b"} 2');
    expect(text).not.to.include('never');
    expect(promtoolCheck(text)).to.equal('0');
  });

  it('sums across registries as prom-client’s cluster aggregation does for workers', async () => {
    const workers = [new Registry(), new Registry()].map((registry, i) => {
      const requests = new Series(registry, 'demo_seconds', 'Demo.', 'histogram', ['route'], [1]);
      requests.observe(requests.cell('/a'), i === 0 ? 0.5 : 2);
      return registry;
    });
    const summed = AggregatorRegistry.aggregate(await Promise.all(workers.map((r) => r.getMetricsAsJSON())));
    const text = await summed.metrics();
    expect(text).to.include('demo_seconds_bucket{route="/a",le="1"} 1');
    expect(text).to.include('demo_seconds_bucket{route="/a",le="+Inf"} 2');
    expect(text).to.include('demo_seconds_count{route="/a"} 2');
  });
});
