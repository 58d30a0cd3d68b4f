import { redirect } from 'next/navigation';
import { currentUser } from './_lib/auth';

export const dynamic = 'force-dynamic';

export default async function Home() {
  redirect((await currentUser()) ? '/vorlagen' : '/anmelden');
}
