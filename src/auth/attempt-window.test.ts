import { describe, expect, it } from 'vitest';
import { AttemptWindow } from './attempt-window.js';

describe('attempt window', () => {
  it('blocks a key after `limit` distinct attempts and tells how long until the oldest leaves the window', () => {
    let now = 0;
    const window = new AttemptWindow(3, 60_000, () => now);
    window.note('ip', 'a');
    now = 10_000;
    window.note('ip', 'b');
    window.note('ip', 'b');
    expect(window.blockedForMs('ip')).toBe(0);
    window.note('ip', 'c');
    expect(window.blockedForMs('ip')).toBe(50_000);
    expect(window.blockedForMs('other')).toBe(0);
    now = 60_000;
    expect(window.blockedForMs('ip')).toBe(0);
  });

  it('forgets the oldest keys beyond its bound instead of growing without limit', () => {
    const window = new AttemptWindow(1, 60_000, () => 0, 2);
    window.note('a', 'x');
    window.note('b', 'x');
    window.note('c', 'x');
    expect(window.blockedForMs('a')).toBe(0);
    expect(window.blockedForMs('b')).toBeGreaterThan(0);
    expect(window.blockedForMs('c')).toBeGreaterThan(0);
  });
});
