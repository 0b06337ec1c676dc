import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AppProviders } from "../components/app-providers.tsx";
import "./globals.css";

// Rendered per request: pages read their search params (useSearchParams) as they render.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "minima",
  description: "Bad Global Minima Exist and SGD Can Reach Them — experiment dashboard",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <AppProviders>{children}</AppProviders>
      </body>
    </html>
  );
}
