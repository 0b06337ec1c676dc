import type { Metadata } from "next";
import { SignInForm } from "../../components/sign-in-form.tsx";

export const metadata: Metadata = { title: "Sign in · minima" };

export default function SignInPage() {
  return (
    <main className="sign-in">
      <h1 className="brand">minima</h1>
      <SignInForm />
    </main>
  );
}
