// A block generated from the events (not typed) beside the official sheet: "Verbliebene
// Meinungsverschiedenheiten", "Beteiligung der Beschäftigtenvertretungen". A titled region whose
// content is a list, or "./." when there is nothing to list (as the seed writes an empty section).
import type { ReactNode } from 'react';
import './sign-off-plan.css';

export function GeneratedBlock(props: {
  /** The heading's id (the region's name). */
  id: string;
  title: string;
  headingLevel?: 2 | 3;
  /** A line under the title (e.g. "Nur intern"). */
  note?: string;
  /** The list items; none → "./.". */
  items: readonly { key: string; className?: string; content: ReactNode }[];
}) {
  const Heading = props.headingLevel === 3 ? 'h3' : 'h2';
  return (
    <section className="generated-block" aria-labelledby={props.id}>
      <Heading id={props.id} className="generated-block__title">
        {props.title}
      </Heading>
      {props.note ? <p className="generated-block__note muted small">{props.note}</p> : null}
      {props.items.length === 0 ? (
        <p>./.</p>
      ) : (
        <ul className="generated-block__list">
          {props.items.map((item) => (
            <li key={item.key} className={item.className}>
              {item.content}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
