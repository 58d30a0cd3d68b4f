import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import { StoredReports } from './collab-provider';
import { MESSAGE_STORED, encodeStoredReport, readStoredReport } from './stored-report';

function decode(frame: Uint8Array): { type: number; clocks: Map<number, number> } {
  const decoder = decoding.createDecoder(frame);
  const type = decoding.readVarUint(decoder);
  const clocks = readStoredReport(decoder);
  expect(decoding.hasContent(decoder)).toBe(false);
  return { type, clocks };
}

describe('stored report frames', () => {
  it('carry each client id with its clock', () => {
    const frame = encodeStoredReport([
      [3_141_592_653, 17],
      [7, 0],
    ]);
    expect(decode(frame)).toEqual({
      type: MESSAGE_STORED,
      clocks: new Map([
        [3_141_592_653, 17],
        [7, 0],
      ]),
    });
  });

  it('refuse a truncated frame', () => {
    const frame = encodeStoredReport([[5, 300]]);
    expect(() => decode(frame.subarray(0, frame.length - 1))).toThrow();
  });
});

describe('StoredReports', () => {
  it('keeps the highest clock per client and tells its listeners', () => {
    const reports = new StoredReports();
    let told = 0;
    const stop = reports.onReport(() => told++);
    reports.take(new Map([[1, 10]]));
    reports.take(new Map([[1, 4]])); // a late, older report never un-stores anything
    expect(reports.clockOf(1)).toBe(10);
    expect(reports.clockOf(2)).toBe(0);
    expect(told).toBe(2);
    stop();
    reports.take(new Map([[1, 11]]));
    expect(told).toBe(2);
    expect(reports.clockOf(1)).toBe(11);
  });
});
