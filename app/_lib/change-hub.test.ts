import { describe, expect, it, vi } from 'vitest';
import type { SubscribeOptions } from '../../projections/client';
import type { ChangeMessage, HelloMessage } from '../../projections/protocol';
import { ChangeHub, type ChangeListener } from './change-hub';

function fakeUpstream() {
  const opened: SubscribeOptions[] = [];
  const closed = vi.fn();
  const hub = new ChangeHub((options) => {
    opened.push(options);
    return { opened: Promise.resolve(), close: closed };
  }, vi.fn());
  return { hub, opened, closed, upstream: () => opened[opened.length - 1]! };
}

function listener(filter: ChangeListener['filter'] = {}) {
  return { filter, onHello: vi.fn(), onChange: vi.fn() } satisfies ChangeListener;
}

const HELLO: HelloMessage = { protocolVersion: 1, position: '10', caughtUp: true } as HelloMessage;
const change = (position: string, key: string, readModel = 'spk_dashboard'): ChangeMessage => ({
  position,
  changes: [{ readModel, keys: [key] }],
});

describe('ChangeHub', () => {
  it('opens one upstream subscription for any number of tabs, and closes it with the last', () => {
    const { hub, opened, closed } = fakeUpstream();
    const leave = [listener(), listener(), listener()].map((tab) => hub.subscribe(tab));
    expect(opened).toHaveLength(1);
    leave[0]!();
    leave[1]!();
    expect(closed).not.toHaveBeenCalled();
    leave[2]!();
    expect(closed).toHaveBeenCalledOnce();
    expect(hub.upstreamCount).toBe(0);
    hub.subscribe(listener());
    expect(opened).toHaveLength(2);
  });

  it('gives each tab only the changes its filter asks for, as the projections service would', () => {
    const { hub, upstream } = fakeUpstream();
    const all = listener();
    const one = listener({ keys: ['v-1'] });
    const inbox = listener({ readModels: ['office_inbox'] });
    for (const tab of [all, one, inbox]) hub.subscribe(tab);
    upstream().onChange(change('11', 'v-2'));
    upstream().onChange(change('12', 'v-1'));
    expect(all.onChange).toHaveBeenCalledTimes(2);
    expect(one.onChange).toHaveBeenCalledOnce();
    expect(one.onChange).toHaveBeenCalledWith(change('12', 'v-1'));
    expect(inbox.onChange).not.toHaveBeenCalled();
  });

  it('says hello to every tab on each upstream (re)connect, and at once to a tab joining later', () => {
    const { hub, upstream } = fakeUpstream();
    const first = listener();
    hub.subscribe(first);
    upstream().onHello!(HELLO);
    expect(first.onHello).toHaveBeenCalledWith(HELLO);
    upstream().onChange(change('15', 'v-1'));
    const late = listener();
    hub.subscribe(late);
    expect(late.onHello).toHaveBeenCalledWith({ ...HELLO, position: '15' });
  });

  it('does not greet a joining tab while the upstream is broken; the reconnect hello reaches it', () => {
    const { hub, upstream } = fakeUpstream();
    hub.subscribe(listener());
    upstream().onHello!(HELLO);
    upstream().onError!(new Error('stream ended'));
    const joining = listener();
    hub.subscribe(joining);
    expect(joining.onHello).not.toHaveBeenCalled();
    upstream().onHello!(HELLO);
    expect(joining.onHello).toHaveBeenCalledWith(HELLO);
  });
});
