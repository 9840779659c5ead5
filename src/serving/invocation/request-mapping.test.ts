import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { predictionRecords } from './request-mapping.js';
import { textLeaves } from './record-texts.js';

const columnName = fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/);
const cell = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null));

/** A table: distinct column names and rows of one cell per column. */
const table = fc.uniqueArray(columnName, { minLength: 1, maxLength: 4 }).chain((columns) =>
  fc.tuple(fc.constant(columns), fc.array(fc.array(cell, { minLength: columns.length, maxLength: columns.length }), { minLength: 1, maxLength: 5 })),
);

describe('predictionRecords', () => {
  it('every tabular shape of the same table gives the same records', () => {
    fc.assert(
      fc.property(table, ([columns, rows]) => {
        const records = rows.map((row) => Object.fromEntries(columns.map((column, index) => [column, row[index]])));
        const byColumn = Object.fromEntries(columns.map((column, index) => [column, rows.map((row) => row[index])]));
        expect(predictionRecords({ dataframe_records: records })).toEqual(records);
        expect(predictionRecords({ instances: records })).toEqual(records);
        expect(predictionRecords({ dataframe_split: { columns, data: rows } })).toEqual(records);
        expect(predictionRecords({ inputs: records })).toEqual(records);
        expect(predictionRecords({ inputs: byColumn })).toEqual(records);
      }),
    );
  });

  it('an inputs object that is not equally long columns is one record; a scalar is one record; no tabular field is undefined', () => {
    expect(predictionRecords({ inputs: { text: 'a', tags: ['x', 'y'] } })).toEqual([{ text: 'a', tags: ['x', 'y'] }]);
    expect(predictionRecords({ inputs: { a: [1, 2], b: [3] } })).toEqual([{ a: [1, 2], b: [3] }]);
    expect(predictionRecords({ inputs: {} })).toEqual([{}]);
    expect(predictionRecords({ inputs: 'text' })).toEqual(['text']);
    expect(predictionRecords({ inputs: null })).toEqual([null]);
    expect(predictionRecords({ messages: [] })).toBeUndefined();
  });
});

describe('textLeaves', () => {
  it('finds every string of every record, in order, tagged with its record, and writes masks in place', () => {
    const records: unknown[] = ['top', { a: 'x', b: [1, 'y', { c: 'z' }] }, 5];
    const leaves = textLeaves(records);
    expect(leaves.map((leaf) => [leaf.index, leaf.text])).toEqual([[0, 'top'], [1, 'x'], [1, 'y'], [1, 'z']]);
    for (const leaf of leaves) leaf.set(leaf.text.toUpperCase());
    expect(records).toEqual(['TOP', { a: 'X', b: [1, 'Y', { c: 'Z' }] }, 5]);
  });

  it('walks nesting far deeper than the call stack allows', () => {
    let deep: unknown = 'hidden';
    for (let level = 0; level < 100_000; level++) deep = [deep];
    expect(textLeaves([deep]).map((leaf) => leaf.text)).toEqual(['hidden']);
  });
});
