import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, MathExpression, Metric, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { SupportFunction } from './support-function';

export interface AlarmsProps {
  adminEmail: string;
  functions: SupportFunction[];
  /** Dead-letter queues and failure destinations: anything in them is a message nobody handled. */
  deadLetterQueues: IQueue[];
  httpApi: HttpApi;
}

/** SES puts an account under review at 5 % bounces and 0.1 % complaints; alarm well before that. */
export const SES_LIMITS = { bounceRate: 0.02, complaintRate: 0.0005 } as const;
/** Share of 5xx answers (percent) over 5 minutes, once there are at least 5 requests. */
export const API_5XX_PERCENT = 5;

/**
 * Alarms, all to one SNS topic with an e-mail subscription for the administrator (who must confirm
 * it once): anything in a DLQ, API 5xx rate, errors of any Lambda, SES bounce and complaint rates.
 */
export class Alarms extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { displayName: 'Softech Podpora alarms', enforceSSL: true });
    this.topic.addSubscription(new EmailSubscription(props.adminEmail));
    const notify = new SnsAction(this.topic);
    const alarm = (
      alarmId: string,
      description: string,
      metric: IMetric,
      threshold: number,
      comparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    ) => {
      new Alarm(this, alarmId, {
        alarmDescription: description,
        metric,
        threshold,
        comparisonOperator,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(notify);
    };
    const fiveMinutes = { period: Duration.minutes(5) };

    for (const queue of props.deadLetterQueues) {
      alarm(
        `${queue.node.path.replace(/[^A-Za-z0-9]/g, '')}Depth`,
        `Messages waiting in ${queue.node.path}: events that failed all retries`,
        queue.metricApproximateNumberOfMessagesVisible({ ...fiveMinutes, statistic: 'Maximum' }),
        0,
        ComparisonOperator.GREATER_THAN_THRESHOLD,
      );
    }

    alarm(
      'Api5xxRate',
      `More than ${API_5XX_PERCENT} % of API requests answered 5xx`,
      new MathExpression({
        expression: 'IF(requests >= 5, 100 * errors / requests, 0)',
        usingMetrics: {
          errors: props.httpApi.metricServerError({ ...fiveMinutes, statistic: 'Sum' }),
          requests: props.httpApi.metricCount({ ...fiveMinutes, statistic: 'Sum' }),
        },
        ...fiveMinutes,
      }),
      API_5XX_PERCENT,
      ComparisonOperator.GREATER_THAN_THRESHOLD,
    );

    for (const fn of props.functions) {
      alarm(
        `${fn.node.id}Errors`,
        `${fn.node.path} failed (unhandled error or timeout)`,
        fn.fn.metricErrors({ ...fiveMinutes, statistic: 'Sum' }),
        1,
      );
    }

    const ses = (metricName: string) => new Metric({ namespace: 'AWS/SES', metricName, statistic: 'Maximum', period: Duration.hours(1) });
    alarm(
      'SesBounceRate',
      `SES bounce rate at or above ${SES_LIMITS.bounceRate * 100} %`,
      ses('Reputation.BounceRate'),
      SES_LIMITS.bounceRate,
    );
    alarm(
      'SesComplaintRate',
      `SES complaint rate at or above ${SES_LIMITS.complaintRate * 100} %`,
      ses('Reputation.ComplaintRate'),
      SES_LIMITS.complaintRate,
    );
  }
}
