// In-memory implementation of the welcome-claim port, with the same condition as the DynamoDB
// adapter, for domain unit tests.
import type { ClaimWelcome } from '../../src/domain/welcome.ts';

export const inMemoryWelcomes = () => {
  const welcomes = new Map<string, { eventId: string; claimedAt: string }>();
  const claimWelcome: ClaimWelcome = async (claim) => {
    const current = welcomes.get(claim.customerId);
    if (current !== undefined && current.eventId !== claim.eventId) {
      return Promise.resolve({ kind: 'taken', welcomedBy: current.eventId });
    }
    welcomes.set(claim.customerId, {
      eventId: claim.eventId,
      claimedAt: current?.claimedAt ?? claim.claimedAt.toISOString(),
    });
    return Promise.resolve({ kind: 'claimed' });
  };
  return { welcomes, claimWelcome };
};
