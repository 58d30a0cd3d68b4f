'use client';
// The WAI-ARIA toolbar pattern: the toolbar is one Tab stop; the arrow keys (and Home/End) move
// between its enabled buttons, and Tab returns to the button used last. It works on the DOM, so
// buttons a feature adds to the toolbar take part without registering.
import { useCallback, useLayoutEffect, useRef, type FocusEvent, type KeyboardEvent } from 'react';

const ITEMS = 'button:not(:disabled)';

const itemsOf = (container: HTMLElement | null): HTMLElement[] =>
  container ? [...container.querySelectorAll<HTMLElement>(ITEMS)] : [];

const STEP: Readonly<Record<string, (index: number, count: number) => number>> = {
  ArrowRight: (index, count) => (index + 1) % count,
  ArrowDown: (index, count) => (index + 1) % count,
  ArrowLeft: (index, count) => (index - 1 + count) % count,
  ArrowUp: (index, count) => (index - 1 + count) % count,
  Home: () => 0,
  End: (_, count) => count - 1,
};

export function useRovingFocus<Element extends HTMLElement>() {
  const container = useRef<Element>(null);
  /** The button that holds the Tab stop. */
  const current = useRef<HTMLElement | null>(null);

  const settle = useCallback(() => {
    const items = itemsOf(container.current);
    const holder = items.find((item) => item === current.current) ?? items[0] ?? null;
    current.current = holder;
    for (const item of items) item.tabIndex = item === holder ? 0 : -1;
  }, []);

  // After every render: a button may have been added, removed, enabled or disabled.
  useLayoutEffect(settle);

  const onFocus = useCallback(
    (event: FocusEvent<Element>) => {
      if (!(event.target instanceof HTMLElement) || !event.target.matches(ITEMS)) return;
      current.current = event.target;
      settle();
    },
    [settle],
  );

  const onKeyDown = useCallback((event: KeyboardEvent<Element>) => {
    const step = STEP[event.key];
    const items = itemsOf(container.current);
    const index = items.indexOf(event.target as HTMLElement);
    if (!step || index < 0) return;
    event.preventDefault();
    items[step(index, items.length)]?.focus();
  }, []);

  return { ref: container, onFocus, onKeyDown };
}
