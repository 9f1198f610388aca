import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { missingMigrations, readVersioned, type VersionedItem, versionOf } from './versioned';

// A made-up item of three versions: 1 had `name`, 2 split it into `first` and `last`, 3 added `tags`.
const person: VersionedItem<{ version: 3; first: string; last: string; tags: string[] }> = {
  name: 'person',
  version: 3,
  schema: z.object({ version: z.literal(3), first: z.string(), last: z.string(), tags: z.array(z.string()) }),
  migrations: {
    1: ({ name, ...rest }) => {
      const [first = '', ...last] = String(name).split(' ');
      return { ...rest, first, last: last.join(' ') };
    },
    2: (record) => ({ ...record, tags: [] }),
  },
};

describe('readVersioned', () => {
  it('reads a current record as it is', () => {
    expect(readVersioned(person, { version: 3, first: 'Ada', last: 'Lovelace', tags: ['math'] })).toEqual({
      status: 'current',
      value: { version: 3, first: 'Ada', last: 'Lovelace', tags: ['math'] },
    });
  });

  it('climbs every step of the ladder from version 1', () => {
    expect(readVersioned(person, { version: 1, name: 'Ada King Lovelace' })).toEqual({
      status: 'migrated',
      from: 1,
      value: { version: 3, first: 'Ada', last: 'King Lovelace', tags: [] },
    });
  });

  it('climbs from the middle of the ladder', () => {
    expect(readVersioned(person, { version: 2, first: 'Grace', last: 'Hopper' })).toEqual({
      status: 'migrated',
      from: 2,
      value: { version: 3, first: 'Grace', last: 'Hopper', tags: [] },
    });
  });

  it('counts a record written before versions existed as version 1', () => {
    expect(versionOf({ name: 'x' })).toBe(1);
    expect(readVersioned(person, { name: 'Alan Turing' })).toMatchObject({ status: 'migrated', from: 1, value: { first: 'Alan', last: 'Turing' } });
  });

  it('reports a record from a newer build instead of dropping it', () => {
    expect(readVersioned(person, { version: 7, whatever: true })).toEqual({ status: 'newer', version: 7 });
  });

  it('says why a record is unreadable', () => {
    expect(readVersioned(person, { version: 3, first: 'Ada' })).toMatchObject({ status: 'invalid', reason: expect.stringContaining('last') });
    expect(readVersioned(person, 'text')).toMatchObject({ status: 'invalid', reason: expect.stringContaining('no readable version') });
    expect(readVersioned(person, { version: 0 })).toMatchObject({ status: 'invalid' });
  });

  it('turns a migration that throws into an invalid read, not an exception', () => {
    const broken: VersionedItem<unknown> = { ...person, migrations: { ...person.migrations, 2: () => { throw new Error('boom'); } } };
    expect(readVersioned(broken, { version: 2, first: 'a', last: 'b' })).toEqual({ status: 'invalid', reason: 'Migrating a person from version 2 failed: boom' });
  });

  it('finds a missing step in a ladder', () => {
    expect(missingMigrations(person)).toEqual([]);
    expect(missingMigrations({ ...person, migrations: { 1: person.migrations[1]! } })).toEqual([2]);
  });
});
