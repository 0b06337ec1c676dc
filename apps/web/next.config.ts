import type { NextConfig } from "next";

const config: NextConfig = {
  // @minima/metrics ships TypeScript sources (its exports point at src/*.ts).
  transpilePackages: ["@minima/metrics"],
  reactStrictMode: true,
};

export default config;
