import {
  MessageRejected,
  type SendEmailCommand,
  type SESv2Client,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { PermanentError, TransientError } from '@conveyor/lambda-toolkit';
import { describe, expect, it } from 'vitest';
import type { RenderedEmail } from '../domain/email.ts';
import { makeSendEmail } from './sesMailer.ts';

// A client that keeps each command's input: the adapter's request is what is under test here;
// the integration tests send through the local SES.
const recordingClient = () => {
  const inputs: SendEmailCommand['input'][] = [];
  const client = {
    send: (command: SendEmailCommand) => {
      inputs.push(command.input);
      return Promise.resolve({ MessageId: 'msg-1' });
    },
  } as unknown as SESv2Client;
  return { client, inputs };
};

// A client that refuses every request with `error`, as SES would.
const refusingClient = (error: Error) =>
  ({ send: () => Promise.reject(error) }) as unknown as SESv2Client;

const email: RenderedEmail = {
  template: 'welcome',
  to: 'ada@example.com',
  subject: 'Welcome to Conveyor',
  html: '<p>Hi</p>',
  text: 'Hi',
};

describe('makeSendEmail', () => {
  it('sends the unsubscribe link as List-Unsubscribe, with the one-click List-Unsubscribe-Post, when the mail has one', async () => {
    // Prepare
    const { client, inputs } = recordingClient();
    const send = makeSendEmail(client, 'orders@local.conveyor.example');

    // Act
    await send(
      { ...email, unsubscribeUrl: 'http://127.0.0.1:3005/audience/unsubscribe?token=abc' },
      { eventId: 'evt-1' },
    );

    // Assess
    expect(inputs[0]?.Content?.Simple?.Headers).toEqual([
      { Name: 'X-Conveyor-Event-Id', Value: 'evt-1' },
      { Name: 'List-Unsubscribe', Value: '<http://127.0.0.1:3005/audience/unsubscribe?token=abc>' },
      { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
    ]);
  });

  it('sends no List-Unsubscribe nor List-Unsubscribe-Post header when the mail has no link', async () => {
    // Prepare
    const { client, inputs } = recordingClient();
    const send = makeSendEmail(client, 'orders@local.conveyor.example');

    // Act
    await send(email, { eventId: 'evt-2' });

    // Assess
    expect(inputs[0]?.Content?.Simple?.Headers).toEqual([
      { Name: 'X-Conveyor-Event-Id', Value: 'evt-2' },
    ]);
  });

  it('fails permanently when SES rejects the mail, with the recipient masked in the message', async () => {
    // Prepare
    const rejected = new MessageRejected({
      message: 'Email address is not verified: ada@example.com',
      $metadata: {},
    });
    const send = makeSendEmail(refusingClient(rejected), 'orders@local.conveyor.example');

    // Act
    const failure = await send(email, { eventId: 'evt-3' }).catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(PermanentError);
    expect((failure as Error).message).toMatch(/^SES SendEmail failed: MessageRejected: /);
    expect((failure as Error).message).not.toContain('ada@example.com');
    expect((failure as Error).cause).toBeUndefined();
  });

  it('fails transiently when SES throttles, so the queue retries the mail', async () => {
    // Prepare
    const throttled = new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} });
    const send = makeSendEmail(refusingClient(throttled), 'orders@local.conveyor.example');

    // Act
    const failure = await send(email, { eventId: 'evt-4' }).catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(TransientError);
    expect((failure as Error).message).toBe(
      'SES SendEmail failed: TooManyRequestsException: Rate exceeded',
    );
  });
});
