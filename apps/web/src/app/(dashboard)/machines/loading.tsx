import { MachinesSkeleton } from "../../../components/page-skeleton.tsx";

export default function Loading() {
  return <MachinesSkeleton />;
}
