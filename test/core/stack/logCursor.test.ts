import * as assert from 'node:assert/strict';
import { LineQueue } from '../../../server/src/core/stack/lineQueue';
import { LogCursor, markerLine, sinceParam, splitTimestamp, timestampNanos } from '../../../server/src/core/stack/logCursor';

describe('core/stack/logCursor', () => {
  it('reads RFC 3339 nano timestamps and writes the API since form', () => {
    assert.deepEqual(splitTimestamp('2026-12-01T10:00:00.123456789Z hello world'), { ts: '2026-12-01T10:00:00.123456789Z', text: 'hello world' });
    assert.equal(splitTimestamp('no timestamp here'), undefined);
    const n = timestampNanos('2026-12-01T10:00:00.5Z')!;
    assert.equal(sinceParam(n), `${Date.parse('2026-12-01T10:00:00Z') / 1000}.500000000`);
  });

  it('a re-attach from since drops exactly the lines already shown: no gap, no duplicate', () => {
    const c = new LogCursor();
    const shown: string[] = [];
    const feed = (lines: [string, string][]) => {
      c.reattach();
      for (const [ts, text] of lines) if (c.accept(ts)) shown.push(text);
    };
    feed([['2026-12-01T10:00:00.1Z', 'a'], ['2026-12-01T10:00:00.2Z', 'b'], ['2026-12-01T10:00:00.2Z', 'c']]);
    assert.equal(c.since(), sinceParam(timestampNanos('2026-12-01T10:00:00.2Z')!));
    // The engine replays from since: both .2 lines again, then new ones (one at the same nanosecond).
    feed([['2026-12-01T10:00:00.2Z', 'b'], ['2026-12-01T10:00:00.2Z', 'c'], ['2026-12-01T10:00:00.2Z', 'd'], ['2026-12-01T10:00:00.3Z', 'e']]);
    // Older lines (a recreated container never has them, but a restart replays with since) are dropped.
    feed([['2026-12-01T10:00:00.1Z', 'a'], ['2026-12-01T10:00:00.3Z', 'e'], ['2026-12-01T10:00:00.4Z', 'f']]);
    assert.deepEqual(shown, ['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('marker lines say what happened', () => {
    assert.equal(markerLine('api', 'recreated', 'abc'), '── api: container recreated (abc) ──');
  });
});

describe('core/stack/lineQueue', () => {
  it('holds at most maxLines and counts what it dropped', () => {
    const q = new LineQueue(100, 1_000_000);
    for (let i = 0; i < 100_000; i++) q.push(`line ${i}`);
    assert.equal(q.length, 100);
    const { lines, dropped } = q.drain();
    assert.equal(dropped, 99_900);
    assert.equal(lines[0], 'line 99900');
    assert.equal(q.length, 0);
  });

  it('bounds characters too', () => {
    const q = new LineQueue(1000, 100);
    for (let i = 0; i < 50; i++) q.push('x'.repeat(10));
    assert.ok(q.length <= 10);
  });
});
