// D-161, D-182: the generated block "Verbliebene Meinungsverschiedenheiten" — every refusal's
// dissent with its attempts to agree and where it stands, and the comment threads marked as dissent. Internal: the Vorlage page and the print view
// show it; the public export (OParl) never does.
import type { DisagreementEntry } from '../../../domain/vorlage/disagreements';
import { dissentLines } from '../../../wording/format';
import { DISSENT_LABELS } from '../../../wording/labels';
import { GeneratedBlock } from './generated-block';

export function DisagreementsBlock({
  entries,
  headingLevel = 2,
}: {
  entries: readonly DisagreementEntry[];
  headingLevel?: 2 | 3;
}) {
  return (
    <GeneratedBlock
      id="meinungsverschiedenheiten-titel"
      title={DISSENT_LABELS.blockTitle}
      headingLevel={headingLevel}
      note={DISSENT_LABELS.internal}
      items={entries.map((entry) => ({
        key: entry.kind === 'thread' ? `thread-${entry.threadId}` : entry.officeId,
        className: `disagreement disagreement--${entry.state}`,
        content: dissentLines(entry).map((line) => (
          <p key={line} className="disagreement__line">
            {line}
          </p>
        )),
      }))}
    />
  );
}
