// Feedback on accessibility (Erklärung zur Barrierefreiheit, BIKTG): validated, appended as one JSON
// line to DATA_DIR/feedback/barrierefreiheit.jsonl. Open without sign-in, since barriers may be
// exactly what keeps someone from signing in. A form post answers with a redirect (works without JS).
import { randomUUID } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { currentUser } from '../../_lib/auth';
import { handle, HttpError, parseInput, readForm, readJson, seeOther } from '../../_lib/http';
import { clientAddress } from '../../_lib/rate-limits';
import { services } from '../../_lib/services';
import { FeedbackSchema, type Feedback } from './schemas';

export const dynamic = 'force-dynamic';

const MAX_FEEDBACK_BYTES = 32 * 1024;

const CONFIRMATION =
  'Vielen Dank für Ihre Rückmeldung. Wir prüfen sie und melden uns innerhalb von sechs Wochen, wenn Sie Kontaktdaten angegeben haben.';

export async function POST(request: Request): Promise<Response> {
  return handle(request, async () => {
    // Open without sign-in: rate-limited per client, per account and overall, and the body is
    // counted while it streams in (chunked too) → 413.
    const user = await currentUser();
    await services().requestLimits.consumeFeedback(
      clientAddress(request, services().env.TRUST_PROXY_HOPS),
      user?.userId,
    );
    if (isFormPost(request)) {
      const parsed = FeedbackSchema.safeParse(Object.fromEntries(await formEntries(request)));
      if (!parsed.success) return seeOther('/barrierefreiheit?fehler=1#rueckmeldung');
      await store(parsed.data);
      return seeOther('/barrierefreiheit?gesendet=1#rueckmeldung');
    }
    const feedback = parseInput(FeedbackSchema, await readJson(request, MAX_FEEDBACK_BYTES));
    const id = await store(feedback);
    return Response.json({ id, message: CONFIRMATION }, { status: 201 });
  });
}

async function store(feedback: Feedback): Promise<string> {
  const user = await currentUser();
  const id = randomUUID();
  const dir = join(services().env.DATA_DIR, 'feedback');
  await mkdir(dir, { recursive: true });
  const record = {
    id,
    receivedAt: new Date().toISOString(),
    userId: user?.userId ?? null,
    ...feedback,
  };
  await appendFile(join(dir, 'barrierefreiheit.jsonl'), `${JSON.stringify(record)}\n`, 'utf8');
  services().log.info({ feedbackId: id }, 'accessibility feedback stored');
  return id;
}

async function formEntries(request: Request): Promise<[string, string][]> {
  const form = await readForm(request, MAX_FEEDBACK_BYTES);
  const entries: [string, string][] = [];
  for (const [key, value] of form.entries()) {
    if (typeof value !== 'string') throw new HttpError('invalid_input');
    entries.push([key, value]);
  }
  return entries;
}

function isFormPost(request: Request): boolean {
  const type = request.headers.get('content-type') ?? '';
  return type.includes('application/x-www-form-urlencoded') || type.includes('multipart/form-data');
}
