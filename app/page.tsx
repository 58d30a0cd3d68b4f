import { redirect } from 'next/navigation';
import { homePathFor } from './_components/navigation';
import { currentUser } from './_lib/auth';

export const dynamic = 'force-dynamic';

export default async function Home() {
  const user = await currentUser();
  redirect(user ? homePathFor(user.role) : '/anmelden');
}
