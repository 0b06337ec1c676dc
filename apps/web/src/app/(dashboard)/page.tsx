import { QueueView } from "../../components/queue/queue-view.tsx";

export default function QueuePage() {
  return <QueueView />;
}
