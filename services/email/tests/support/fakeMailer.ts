// A SendEmail port that keeps what it was given, and can be told to fail, for domain unit tests.
import type { RenderedEmail, SendEmail } from '../../src/domain/email.ts';

export const fakeMailer = () => {
  const sent: { email: RenderedEmail; eventId: string; messageId: string }[] = [];
  const failures: Error[] = [];
  const sendEmail: SendEmail = async (email, trace) => {
    const failure = failures.shift();
    if (failure !== undefined) return Promise.reject(failure);
    const messageId = `msg-${sent.length + 1}`;
    sent.push({ email, eventId: trace.eventId, messageId });
    return Promise.resolve({ messageId });
  };
  return {
    sent,
    sendEmail,
    /** The next call fails with `error` (SES refused it, or the network broke). */
    failNextWith: (error: Error) => {
      failures.push(error);
    },
  };
};
