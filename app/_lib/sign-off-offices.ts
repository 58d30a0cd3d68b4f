// Sign-offs can be requested only from offices that exist in the directory and co-sign: the member
// offices of the catalogue that sign off, and registered offices or delegates added later.
import 'server-only';
import { OFFICE_CATALOGUE, OfficeIdSchema } from '../../domain/offices/catalogue';
import { HttpError, type ApiIssue } from './http';
import { services } from './services';

const SIGNING_KINDS = new Set(['office', 'delegate']);

/** Throws invalid_input naming each office id that cannot be asked (the domain checks the rest). */
export async function assertOfficesCanSignOff(officeIds: unknown): Promise<void> {
  if (!Array.isArray(officeIds)) return;
  const issues: ApiIssue[] = [];
  await Promise.all(
    officeIds.map(async (officeId: unknown, index) => {
      // Malformed ids are the domain's to refuse, with its zod message.
      const parsed = OfficeIdSchema.safeParse(officeId);
      if (!parsed.success) return;
      if (!(await canSignOff(parsed.data))) {
        issues.push({
          path: `officeIds.${index}`,
          message: `Das Amt „${officeId}“ gibt es nicht oder es zeichnet nicht mit.`,
        });
      }
    }),
  );
  if (issues.length > 0) throw new HttpError('invalid_input', issues);
}

async function canSignOff(officeId: string): Promise<boolean> {
  const office = await services().directory.loadOffice(officeId);
  if (office.status !== 'registered') return false;
  const catalogued = OFFICE_CATALOGUE.find((entry) => entry.id === officeId);
  return catalogued
    ? catalogued.signsOff && SIGNING_KINDS.has(office.kind)
    : SIGNING_KINDS.has(office.kind);
}
