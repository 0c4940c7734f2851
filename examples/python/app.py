"""The example app in Python: the orders and customers tables replicated into one table bucket.

Usage: python app.py OUTDIR
"""
import sys

import aws_cdk as cdk
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from cdk_dynamodb_zero_etl import DynamoDbZeroEtlToS3Tables


def table(stack: cdk.Stack, name: str, partition_key: str, sort_key: str | None = None) -> dynamodb.TableV2:
    return dynamodb.TableV2(
        stack,
        name,
        # Lowercase names: Glue derives the Iceberg table and column names from them (see README, Querying).
        table_name=name.lower(),
        partition_key=dynamodb.Attribute(name=partition_key, type=dynamodb.AttributeType.STRING),
        sort_key=dynamodb.Attribute(name=sort_key, type=dynamodb.AttributeType.STRING) if sort_key else None,
        point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(point_in_time_recovery_enabled=True),
        removal_policy=cdk.RemovalPolicy.RETAIN,
        # Some aws-cdk-lib releases drop statements added to a TableV2 without one (aws/aws-cdk#30793).
        resource_policy=iam.PolicyDocument(),
    )


app = cdk.App(outdir=sys.argv[1])
stack = cdk.Stack(app, "OrdersAnalytics", env=cdk.Environment(account="111122223333", region="us-east-1"))
orders = table(stack, "Orders", "order_id", "created_at")
customers = table(stack, "Customers", "customer_id")

analytics = DynamoDbZeroEtlToS3Tables(stack, "OrdersToS3Tables", table=orders, table_bucket_name="orders-analytics")
analytics.add_table(customers)

app.synth()
