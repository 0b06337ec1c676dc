import { MachinesView } from "../../../components/machines/machines-view.tsx";

export default function MachinesPage() {
  return <MachinesView />;
}
