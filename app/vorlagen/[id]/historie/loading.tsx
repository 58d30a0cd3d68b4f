export default function Loading() {
  return (
    <p className="loading" role="status" aria-live="polite">
      Die Historie wird aus dem Ereignisspeicher gelesen und geprüft …
    </p>
  );
}
