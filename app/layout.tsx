import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { SiteHeader } from './_components/site-header';
import { TitleRecovery } from './_components/title-recovery';
import { OfflineShell } from './_features/offline/offline-shell';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Vorlagen', template: '%s – Vorlagen' },
  description: 'Vorlagen zur Beschlussfassung gemeinsam schreiben und mitzeichnen',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="de">
      <body>
        <a className="skip-link" href="#inhalt">
          Zum Inhalt springen
        </a>
        <SiteHeader />
        <main id="inhalt" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <a href="/barrierefreiheit">Erklärung zur Barrierefreiheit</a>
        </footer>
        <OfflineShell />
        <TitleRecovery />
      </body>
    </html>
  );
}
