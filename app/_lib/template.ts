// A new Vorlage starts from the numbered template of seed 000: subject and rapporteur filled in,
// the other sections empty for the offices to write.
import { createHash, randomBytes } from 'node:crypto';
import type { PmNode, VorlageText } from '../../domain/text/canonical';

const paragraph = (text: string): PmNode =>
  text ? { type: 'paragraph', content: [{ type: 'text', text }] } : { type: 'paragraph' };

export function templateText(title: string, rapporteurName: string): VorlageText {
  return {
    subject: [paragraph(title)],
    rapporteur: [paragraph(rapporteurName)],
    draftResolution: [paragraph('Das Bezirksamt beschließt, …')],
    justification: [paragraph('')],
    legalBasis: [paragraph('')],
    policyArea: [paragraph('')],
    financialImpact: [paragraph('')],
    sustainabilityImpact: [paragraph('')],
  };
}

/**
 * Readable and unique: the target session's date plus a random suffix, e.g. `2026-05-19-k3f9q2`.
 * With a command id (from an idempotency key) the suffix comes from it, so a resent create names
 * the same Vorlage and is applied once.
 */
export function newVorlageId(targetSessionDate: string, commandId?: string): string {
  const seed = commandId
    ? createHash('sha256').update(`vorlagen:create:${commandId}`).digest()
    : randomBytes(6);
  const suffix = seed
    .toString('base64url')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x')
    .slice(0, 6);
  return `${targetSessionDate}-${suffix}`;
}
