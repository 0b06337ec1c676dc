import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AppProviders } from "../components/app-providers.tsx";
import { readServerEnv } from "../env.ts";
import "./globals.css";

// The daemon URL is read per request, so one build serves any daemon (MINIMA_DAEMON_URL).
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "minima",
  description: "Bad Global Minima Exist and SGD Can Reach Them — experiment dashboard",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  const env = readServerEnv();
  return (
    <html lang="en">
      <body>
        <AppProviders daemonUrl={env.MINIMA_DAEMON_URL}>{children}</AppProviders>
      </body>
    </html>
  );
}
