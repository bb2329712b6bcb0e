"""Scenarios for the definition of machine learning (task T, performance measure P, experience E),
shared by foundations.tpe_role and foundations.tpe_triple."""

ROLES = {
    "T": {"en": "task T", "zh": "任务 T"},
    "P": {"en": "performance measure P", "zh": "性能度量 P"},
    "E": {"en": "experience E", "zh": "经验 E"},
}

SCENARIOS = [
    {"name": {"en": "a spam filter", "zh": "一个垃圾邮件过滤器"},
     "T": {"en": "classifying incoming e-mails as spam or not spam", "zh": "把收到的邮件分为垃圾邮件或正常邮件"},
     "P": {"en": "the fraction of e-mails it classifies correctly", "zh": "邮件被正确分类的比例"},
     "E": {"en": "a collection of e-mails that users marked as spam or not", "zh": "一批由用户标记过是否为垃圾邮件的邮件"}},
    {"name": {"en": "a checkers-playing program", "zh": "一个跳棋程序"},
     "T": {"en": "playing checkers", "zh": "下跳棋"},
     "P": {"en": "the percentage of games it wins against opponents", "zh": "对弈中获胜的比例"},
     "E": {"en": "the practice games it plays against itself", "zh": "它与自己对弈的练习棋局"}},
    {"name": {"en": "a handwriting recogniser", "zh": "一个手写识别程序"},
     "T": {"en": "recognising handwritten words in images", "zh": "识别图像中的手写单词"},
     "P": {"en": "the percentage of words recognised correctly", "zh": "正确识别的单词所占的百分比"},
     "E": {"en": "a database of handwritten words with their transcriptions", "zh": "一个带有文字转写的手写单词数据库"}},
    {"name": {"en": "a machine-translation system", "zh": "一个机器翻译系统"},
     "T": {"en": "translating Chinese sentences into English", "zh": "把中文句子翻译成英文"},
     "P": {"en": "the BLEU score against reference translations", "zh": "相对于参考译文的 BLEU 分数"},
     "E": {"en": "a corpus of Chinese–English sentence pairs", "zh": "一个中英平行句对语料库"}},
    {"name": {"en": "a house-price predictor", "zh": "一个房价预测程序"},
     "T": {"en": "predicting the sale price of a house", "zh": "预测一套房子的成交价格"},
     "P": {"en": "the mean squared error of the predicted prices", "zh": "预测价格的均方误差"},
     "E": {"en": "records of past house sales with their prices", "zh": "过去的房屋成交记录及其价格"}},
    {"name": {"en": "a self-driving program", "zh": "一个自动驾驶程序"},
     "T": {"en": "driving on public highways using cameras", "zh": "借助摄像头在公路上驾驶"},
     "P": {"en": "the average distance driven before a human must intervene", "zh": "平均每行驶多远需要人工接管一次"},
     "E": {"en": "images and steering commands recorded while a human drove", "zh": "人类驾驶时录下的图像和转向指令"}},
]
