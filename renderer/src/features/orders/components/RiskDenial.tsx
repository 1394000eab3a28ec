import '../ticketRisk.css';

/**
 * Our risk engine refused the order before any venue saw it (DENIED, never the venue's
 * REJECTED): said in so many words, with the engine's reason.
 */
export function RiskDenial({ reason }: { reason: string }) {
  return (
    <div className="ticket-denial" role="alert" aria-label="Risk denial">
      <p className="ticket-denial__title">
        <span className="ticket-denial__badge">DENIED</span> by the risk engine
      </p>
      <p className="ticket-denial__reason">{reason}</p>
      <p className="ticket-denial__note">Nothing was sent to the venue.</p>
    </div>
  );
}
